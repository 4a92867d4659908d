"""Entry point of the desktop application.

``aula`` without arguments and ``python -m app`` call :func:`run_gui`; the launch
benchmark calls :func:`open_main_window`, the same start-up without the event loop.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.bootstrap import AppContext
    from app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def open_main_window(db_path: str | Path | None = None,
                     argv: list[str] | None = None) -> tuple[AppContext, MainWindow | None]:
    """Bootstrap, open the database and show the main window on it.

    What the first screen does not show waits for its first frame: the daily backup here,
    the other pages and counting who qualifies in :class:`~app.ui.main_window.MainWindow`.
    The database's quick check runs on a thread while the modules load.

    Returns:
        The application context and the window shown; ``None`` for the window when the
        database could not be opened or the user chose to quit (the context is then shut down).
    """
    from app.storage import db, paths

    try:
        path = Path(db_path) if db_path else paths.database_path()
        db.begin_quick_check(path)  # SQLite checks the file while the modules below load
    except OSError:
        path = None  # no data folder: reported below, once the crash handler is installed
    # The layers the first page reads load before PySide6: once Qt is imported, its import
    # hook (shiboken's check of every module for ``__feature__``) slows each import after it.
    from app.services import catalog, groups, profiles, results  # noqa: F401
    from app.sync import engine  # noqa: F401  (the status bar's sync status)
    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import MainWindow
    from app.ui.startup import open_database

    context = bootstrap(argv)
    # The crash handler is already installed: a database that cannot be opened
    # is reported in the dialog, not lost on a console nobody sees. A damaged
    # file or a read-only folder is not a bug: open_database handles them.
    try:
        opened = open_database(path or (Path(db_path) if db_path else paths.database_path()))
    except Exception:
        context.crash_handler.handle(sys.exc_info())
        dialog = context.crash_handler.last_dialog
        if dialog is not None:
            dialog.finished.connect(context.qapp.quit)
            context.qapp.exec()
        context.shutdown()
        return context, None
    if opened is None:
        context.shutdown()
        return context, None
    context.services = opened.services
    window = MainWindow(context)
    if opened.read_only is not None:
        from app.ui.read_only_banner import show_read_only_banner

        show_read_only_banner(window, opened.read_only.folder)
    elif opened.services is not None:
        window.call_after_first_paint(lambda: _start_daily_backup(window, opened.services))
    window.show()
    return context, window


def _start_daily_backup(window: MainWindow, services) -> None:  # noqa: ANN001 (a services Context)
    from app.ui.backup_actions import DailyBackup

    if window.ctx is not services:  # closed before its first frame (tests)
        return
    window.daily_backup = DailyBackup(services, window)
    window.daily_backup.start()


def run_gui(db_path: str | Path | None = None, argv: list[str] | None = None) -> int:
    """Open the main window on the database and run the event loop.

    Args:
        db_path: the SQLite database to open; by default the one in the data
            directory (``AULA_HOME`` or the platform's).
        argv: arguments for ``QApplication`` (defaults to ``sys.argv``).

    Returns:
        The exit code of the event loop (0 on a normal close).
    """
    context, window = open_main_window(db_path, argv)
    if window is None:
        return 1
    code = context.qapp.exec()
    context.shutdown()
    logger.info("Aula closed with code %s", code)
    return code
