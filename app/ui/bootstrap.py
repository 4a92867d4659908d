"""Start-up of the desktop application, in the order that keeps errors visible.

1. logging to the rotating file of the data directory;
2. the QApplication with organization and application names;
3. the crash handler, before any window exists;
4. translations and the Mexican Spanish locale;
5. zoom (application font and stylesheet) from the settings.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

import app
from app.domain.errors import UserError
from app.ui import errors, icons, paths
from app.ui.crash_handler import CrashHandler
from app.ui.logging_setup import configure_logging
from app.ui.settings import UiSettings
from app.ui.tasks import TaskRunner
from app.ui.translations import Translations
from app.ui.zoom import ZoomController

if TYPE_CHECKING:
    from app.services.context import Context

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    """What every part of the interface shares; built once by :func:`bootstrap`."""

    qapp: QApplication
    settings: UiSettings
    crash_handler: CrashHandler
    translations: Translations
    zoom: ZoomController
    tasks: TaskRunner
    services: Context | None = None

    def shutdown(self) -> None:
        """Stop background work and undo global changes (for tests and exit).

        A clean exit leaves a checked backup of the database behind (none in
        read-only mode; a failed one is logged, never shown).
        """
        from app.ui.backup_actions import back_up_quietly

        self.tasks.cancel_all()
        self.tasks.wait_for_done(5000)
        self.crash_handler.uninstall()
        self.translations.remove()
        if self.services is not None:
            back_up_quietly(self.services, "salida")
            self.services.close()
            self.services = None


def bootstrap(argv: list[str] | None = None, *, install_crash_handler: bool = True) -> AppContext:
    """Create (or reuse) the QApplication and everything around it.

    Args:
        argv: arguments for a new QApplication.
        install_crash_handler: tests keep pytest-qt's own exception capture.
    """
    try:
        configure_logging()
    except OSError as exc:  # a read-only data folder: Aula still opens, read-only, with a banner
        logging.basicConfig(level=logging.INFO)
        logger.warning("No log file in the data folder: %s", exc)
    qapp = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    qapp.setOrganizationName(paths.ORGANIZATION_NAME)
    qapp.setApplicationName(paths.APP_NAME)
    qapp.setApplicationVersion(app.__version__)
    qapp.setApplicationDisplayName(paths.APP_NAME)
    qapp.setWindowIcon(icons.icon("aula"))
    errors.register_expected(UserError)
    crash_handler = CrashHandler(qapp)
    if install_crash_handler:
        crash_handler.install()
    settings = UiSettings()
    translations = Translations(qapp)
    translations.apply(settings.language)
    zoom = ZoomController(qapp, settings, qapp)
    zoom.apply()
    tasks = TaskRunner(qapp)
    logger.info("Aula %s started; data directory %s", app.__version__, paths.data_dir())
    return AppContext(qapp, settings, crash_handler, translations, zoom, tasks)
