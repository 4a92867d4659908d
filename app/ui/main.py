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
    from app.services.context import Context
    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import MainWindow

    context = bootstrap(argv)
    # The crash handler is already installed: a database that cannot be opened
    # is reported in the dialog, not lost on a console nobody sees.
    try:
        context.services = Context.open(Path(db_path) if db_path else None)
    except Exception:
        context.crash_handler.handle(sys.exc_info())
        dialog = context.crash_handler.last_dialog
        if dialog is not None:
            dialog.finished.connect(context.qapp.quit)
            context.qapp.exec()
        context.shutdown()
        return 1
    window = MainWindow(context)
    window.show()
    code = context.qapp.exec()
    context.shutdown()
    logger.info("Aula closed with code %s", code)
    return code
