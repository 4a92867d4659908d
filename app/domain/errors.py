"""The base of every expected failure: a message a person can act on, in Spanish."""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can understand and fix (a bad file, a closed group...).

    ``str()`` is the Spanish message to show as it is. Anything that is not a
    ``UserError`` is a bug and gets the crash report.
    """
