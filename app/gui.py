"""The ``aula`` entry point: the GUI without arguments, the CLI with a subcommand.

Kept apart from :mod:`app.cli` so the command line never imports PySide6
(DESIGN §1): only this module and :mod:`app.ui` know Qt exists.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    db_path: Path | None = None
    if len(args) == 2 and args[0] == "--db":
        db_path, args = Path(args[1]), []
    if args:
        from app.cli import main as cli_main
        return cli_main(args)
    from app.ui.main import run_gui
    return run_gui(db_path)


if __name__ == "__main__":
    sys.exit(main())
