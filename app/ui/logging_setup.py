"""Logging: one rotating log file in the data directory, Qt messages included.

A log line that cannot be written (a full disk) is dropped: the application
goes on, and nothing of the record (whose arguments may name a person) is
printed to the console instead; one line says logging stopped.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from app.ui import paths

logger = logging.getLogger(__name__)

LOG_FILE_NAME = "aula.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class _LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file; a failed write is reported once, without the record."""

    _warned = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        # logging's default prints the traceback, the message and its arguments to stderr.
        if not self._warned and sys.stderr is not None:
            self._warned = True
            error = sys.exc_info()[1]
            sys.stderr.write(f"aula: no se pudo escribir en el registro {self.baseFilename} "
                             f"({type(error).__name__}: {getattr(error, 'strerror', '') or ''})\n")


def log_file() -> Path:
    """The current log file."""
    return paths.log_dir() / LOG_FILE_NAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Send the root logger to a rotating file in the data directory.

    Calling it again (for another ``AULA_HOME``) replaces the file handler.

    Returns:
        The path of the log file.
    """
    path = log_file()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_aula_file_handler", False):
            root.removeHandler(handler)
            handler.close()
    handler = _LogFileHandler(
        path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._aula_file_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.level else level)
    qInstallMessageHandler(_qt_message_handler)
    logger.info("Log file: %s", path)
    return path


def _qt_message_handler(msg_type: QtMsgType, context, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(msg_type, logging.WARNING), "%s", message)


def tail(lines: int = 40) -> str:
    """The last lines of the log file, for crash reports."""
    try:
        text = log_file().read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
