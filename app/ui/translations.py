"""Language of the interface: English source strings, Spanish by default.

The Spanish catalogue ``aula_es.qm`` and Qt's own Spanish strings (standard
buttons) are installed unless the user chose English. Dates and times follow
``QLocale(Spanish, Mexico)``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.ui import paths

logger = logging.getLogger(__name__)

CATALOGUE = "aula"


def locale_for(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)


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
        ours = QTranslator(self._app)
        if ours.load(str(paths.translations_dir() / f"{CATALOGUE}_{language}.qm")):
            self._app.installTranslator(ours)
            self._installed.append(ours)
        else:
            logger.error("Spanish catalogue missing in %s", paths.translations_dir())
        qt = QTranslator(self._app)
        if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._app.installTranslator(qt)
            self._installed.append(qt)
        logger.info("Interface language: %s", locale.name())
