"""Entry point of the desktop application.

``aula`` without arguments and ``python -m app`` call :func:`run_gui`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

logger = logging.getLogger(__name__)


def run_gui(db_path: str | Path | None = None, argv: list[str] | None = None) -> int:
    """Open the main window on the database and run the event loop.

    Args:
        db_path: the SQLite database to open; by default the one in the data
            directory (``AULA_HOME`` or the platform's).
        argv: arguments for ``QApplication`` (defaults to ``sys.argv``).

    Returns:
        The exit code of the event loop (0 on a normal close).
    """
    from app.storage import paths
    from app.ui.backup_actions import DailyBackup
    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import MainWindow
    from app.ui.read_only_banner import show_read_only_banner
    from app.ui.startup import open_database

    context = bootstrap(argv)
    # The crash handler is already installed: a database that cannot be opened
    # is reported in the dialog, not lost on a console nobody sees. A damaged
    # file or a read-only folder is not a bug: open_database handles them.
    try:
        opened = open_database(Path(db_path) if db_path else paths.database_path())
    except Exception:
        context.crash_handler.handle(sys.exc_info())
        dialog = context.crash_handler.last_dialog
        if dialog is not None:
            dialog.finished.connect(context.qapp.quit)
            context.qapp.exec()
        context.shutdown()
        return 1
    if opened is None:
        context.shutdown()
        return 1
    context.services = opened.services
    window = MainWindow(context)
    if opened.read_only is not None:
        show_read_only_banner(window, opened.read_only.folder)
    elif opened.services is not None:
        window.daily_backup = DailyBackup(opened.services, window)
        window.daily_backup.start()
    window.show()
    code = context.qapp.exec()
    context.shutdown()
    logger.info("Aula closed with code %s", code)
    return code
