"""The revision-0001 fixture database and a migration that fails half-way (tests/unit/test_upgrade.py,
tests/ui/test_upgrade_failure_dialog.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.storage import migrate

FIXTURE = Path(__file__).parents[1] / "fixtures" / "revision_0001.sqlite3"
FAILING_MIGRATION = '''"""a migration that breaks half-way (test only)"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("participation")
    op.add_column("worker", sa.Column("nickname", sa.String(), nullable=True))
    op.execute("UPDATE worker SET given_names = 'BORRADO'")
    raise RuntimeError("la migración 9999 falló a propósito")


def downgrade() -> None:
    pass
'''


def copy_of_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "aula.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


@pytest.fixture
def failing_migrations(tmp_path, monkeypatch) -> Path:
    """Today's migrations plus one that drops a table, changes rows, then raises."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_fails_half_way.py").write_text(
        FAILING_MIGRATION.format(head=migrate.SCHEMA_HEAD), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9999")
    return folder
