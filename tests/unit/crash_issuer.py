"""Child process of the issuing crash test: issues a group's constancias, reporting each one committed.

Usage: python crash_issuer.py DB_PATH GROUP_ID KEY_DIR ISO_NOW
Prints the number of participants done (each one committed) before starting the next.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

from app.services import constancias
from app.services.context import Context
from app.storage.keys import load_or_create_keys


def main() -> None:
    db_path, group_id, key_dir, now = sys.argv[1:]
    ctx = Context.open(Path(db_path), actor="crash-test", clock=lambda: dt.datetime.fromisoformat(now))
    ctx.issuer = constancias.Issuer(load_or_create_keys(Path(key_dir)), "https://verifica.example.mx")

    def report(done: int, total: int) -> bool:
        sys.stdout.write(f"{done}\n")
        sys.stdout.flush()
        return True

    constancias.issue_constancias(ctx, uuid.UUID(group_id), progress=report)


if __name__ == "__main__":
    main()
