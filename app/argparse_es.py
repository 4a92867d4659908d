"""``argparse`` in Spanish, for the ``aula`` and ``aula-server`` commands.

argparse takes its own texts ("usage:", "options", "show this help message and
exit", its error messages) from ``gettext``, and Python ships no Spanish
catalogue for them. :class:`SpanishArgumentParser` sets the headings itself and,
while it builds, parses or formats, lends argparse a Spanish ``gettext``; the
rest of the process keeps the standard one. Standard library only, so the
server can use it too.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

USAGE = "uso: "
POSITIONALS = "argumentos posicionales"
OPTIONS = "opciones"
COMMANDS = "comandos"
HELP = "muestra esta ayuda y termina"
VERSION = "muestra la versión del programa y termina"

_MESSAGES = {
    "usage: ": USAGE,
    "positional arguments": POSITIONALS,
    "options": OPTIONS,
    "optional arguments": OPTIONS,
    "show this help message and exit": HELP,
    "show program's version number and exit": VERSION,
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan argumentos obligatorios: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "valor no válido: %(value)r (elija entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido para %(type)s: %(value)r",
    "expected one argument": "se esperaba un valor",
    "expected at most one argument": "se esperaba como máximo un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "ambiguous option: %(option)s could match %(matches)s":
        "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se permite junto con el argumento %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
    "ignored explicit argument %r": "se ignoró el argumento explícito %r",
    "can't open '%(filename)s': %(error)s": "no se pudo abrir '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "comando desconocido %(parser_name)r (comandos: %(choices)s)",
}
_PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("se esperaba %s valor", "se esperaban %s valores"),
}


def gettext(message: str) -> str:
    """argparse's text in Spanish; any text not known here stays as it is."""
    return _MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    spanish = _PLURALS.get((singular, plural), (singular, plural))
    return spanish[0] if n == 1 else spanish[1]


@contextmanager
def spanish() -> Iterator[None]:
    """Within the block, argparse speaks Spanish (argparse looks ``_`` up at each call)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


_F = TypeVar("_F", bound=Callable[..., Any])


def _in_spanish(method: _F) -> _F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with spanish():
            return method(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


class SpanishHelpFormatter(argparse.HelpFormatter):
    """Heads the usage line with "uso:"."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 (argparse's signature)
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class SpanishArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors are in Spanish; its subcommands are too."""

    @_in_spanish
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", SpanishHelpFormatter)
        super().__init__(*args, **kwargs)
        # Set even where gettext is not consulted, so the headings never depend on it.
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP

    @_in_spanish
    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", VERSION)
        return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any):  # noqa: ANN201 (argparse's private action type)
        kwargs.setdefault("title", COMMANDS)
        return super().add_subparsers(**kwargs)

    parse_known_args = _in_spanish(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_spanish(argparse.ArgumentParser.format_usage)
    format_help = _in_spanish(argparse.ArgumentParser.format_help)
    error = _in_spanish(argparse.ArgumentParser.error)
