"""Expected errors versus bugs (STYLE practice 5).

An expected error (bad file, unknown matrícula, closed group) carries a message
in Spanish that says what to do; it is shown as a plain message. Anything else
is a bug: it is logged and shown in the crash dialog with a copyable report.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class KnownError(Exception):
    """A failure the user can act on; ``message`` is shown as is (Spanish)."""

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.title = title


_expected: list[type[BaseException]] = [KnownError]


def register_expected(*types: type[BaseException]) -> None:
    """Declare exception types (e.g. the services' error base) as expected errors."""
    for exc_type in types:
        if exc_type not in _expected:
            _expected.append(exc_type)


def is_expected(exc: BaseException) -> bool:
    """Whether ``exc`` is an expected failure rather than a bug."""
    return isinstance(exc, tuple(_expected))


def user_message(exc: BaseException) -> str:
    """The text to show for an expected error."""
    message = getattr(exc, "message", None)
    return str(message) if message else str(exc)
