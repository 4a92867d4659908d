"""Server migration 0004 (ownership) on data written under 0003: courses get their unit, codes their scope."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from server.db import MIGRATIONS_DIR, Database


def _upgrade(db: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.write_engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()


def test_courses_pushed_before_0004_belong_to_their_writers_unit_and_codes_are_scoped(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        _upgrade(db, "0003")
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        with db.write_engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO devices (id, code, public_key, install_id, app_version, schema_version, role, unit_id, "
                "token_hash, enrolled_at) VALUES ('d1', 'ABCDEFGH', 'k', 'i', '0.1', 1, 'instructor', 'u1', 't', :now)"),  # noqa: E501
                {"now": now})
            rows = [("course", "c1", None, "CURSO-1", "d1"), ("course", "c2", None, "CURSO-2", None),
                    ("course_group", "g1", "u1", "G-1", "d1"), ("worker", "w1", "u1", "12345", "d1")]
            for entity, ident, unit, key, writer in rows:
                conn.execute(text(
                    "INSERT INTO records (entity, entity_id, rank, unit_id, natural_key, version, payload, created_at, "
                    "updated_at, updated_by) VALUES (:e, :i, 0, :u, :k, 1, '{}', :now, :now, :w)"),
                    {"e": entity, "i": ident, "u": unit, "k": key, "now": now, "w": writer})
        _upgrade(db, "head")
        with db.read() as session:
            found = {row.entity_id: (row.unit_id, row.natural_key) for row in session.execute(
                text("SELECT entity_id, unit_id, natural_key FROM records"))}
        assert found == {"c1": ("u1", "u1:CURSO-1"), "c2": (None, "*:CURSO-2"), "g1": ("u1", "u1:G-1"),
                         "w1": ("u1", "12345")}
    finally:
        db.dispose()
