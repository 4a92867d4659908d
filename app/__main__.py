"""The ``aula`` command and ``python -m app``: the GUI without arguments, the CLI with a subcommand.

This module is the one place that knows both: :mod:`app.cli` never imports
the Qt interface (the import-linter contracts keep ``app.cli`` and ``app.ui``
apart, and PySide6 out of everything but ``app.ui``).
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Open the GUI (optionally ``--db FILE``) or run the ``aula`` subcommand given."""
    if sys.stderr is not None and not faulthandler.is_enabled():
        # A crash inside Qt or SQLite leaves a Python traceback, not only "Segmentation fault".
        faulthandler.enable()
    args = list(sys.argv[1:] if argv is None else argv)
    db_path: Path | None = None
    if len(args) == 2 and args[0] == "--db":
        db_path, args = Path(args[1]), []
    if not args:
        from app.ui.main import run_gui

        return run_gui(db_path)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
