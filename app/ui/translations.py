"""Language of the interface: English source strings, Spanish by default.

In Spanish three catalogues are installed, from the least to the most
specific (Qt asks the most recently installed translator first):

1. ``qtbase_es.qm`` — Qt's own strings (file and print dialogs, standard
   buttons), shipped in ``resources/translations`` and, failing that, taken
   from Qt's installation;
2. ``qt_overrides_es_MX.qm`` — our corrections to Qt's catalogue, which is
   Spain Spanish ("fichero") and leaves some strings in English;
3. ``aula_es.qm`` — the application's own strings.

Dates and times follow ``QLocale(Spanish, Mexico)``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.ui import paths

logger = logging.getLogger(__name__)

CATALOGUE = "aula"
QT_CATALOGUE = "qtbase"
QT_OVERRIDES = "qt_overrides_es_MX"


def locale_for(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)


def qt_catalogue_dirs() -> list[Path]:
    """Where Qt's own Spanish catalogue is looked for: ours first, then Qt's installation."""
    return [paths.translations_dir(),
            Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]


class Translations:
    """Installs and removes the translators of one language."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []

    def remove(self) -> None:
        """Uninstall every translator this object installed."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()

    def apply(self, language: str) -> None:
        """Use ``language`` ("es" or "en") from now on for new texts."""
        self.remove()
        locale = locale_for(language)
        QLocale.setDefault(locale)
        if language == "en":
            logger.info("Interface language: English")
            return
        if not any(self._install(folder / f"{QT_CATALOGUE}_{language}.qm") for folder in qt_catalogue_dirs()):
            logger.warning("Qt's Spanish catalogue not found; Qt's dialogs will be partly in English")
        if language == "es":
            self._install(paths.translations_dir() / f"{QT_OVERRIDES}.qm")
        if not self._install(paths.translations_dir() / f"{CATALOGUE}_{language}.qm"):
            logger.error("Spanish catalogue missing in %s", paths.translations_dir())
        logger.info("Interface language: %s", locale.name())

    def _install(self, path: Path) -> bool:
        translator = QTranslator(self._app)
        if not translator.load(str(path)):
            return False
        self._app.installTranslator(translator)
        self._installed.append(translator)
        logger.debug("Installed translations %s", path)
        return True
