"""Ownership (issue 9, item 5): guest copies of workers, and natural keys scoped by unit.

* ``worker_guests``: a unit's own copy of a worker of another unit who takes
  a course in its groups.
* Group and course codes become unique per unit (``{unit_id}:{code}``;
  ``*:{code}`` for the central catalogue), so one unit can neither squat nor
  probe another's codes.
* Courses pushed before this revision were stored without a unit (the
  catalogue, writable by anyone); each now belongs to the unit of the device
  that last wrote it. Only ``aula-server import-courses`` writes the catalogue.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('worker_guests',
    sa.Column('unit_id', sa.String(length=36), nullable=False),
    sa.Column('worker_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('unit_id', 'worker_id')
    )
    op.execute("UPDATE records SET unit_id = (SELECT devices.unit_id FROM devices WHERE devices.id = records.updated_by) "
               "WHERE entity = 'course' AND unit_id IS NULL AND updated_by IS NOT NULL")
    op.execute("UPDATE records SET natural_key = COALESCE(unit_id, '*') || ':' || natural_key "
               "WHERE entity IN ('course', 'course_group') AND natural_key IS NOT NULL")


def downgrade() -> None:
    find = "instr" if op.get_bind().dialect.name == "sqlite" else "strpos"
    op.execute(f"UPDATE records SET natural_key = substr(natural_key, {find}(natural_key, ':') + 1) "
               "WHERE entity IN ('course', 'course_group') AND natural_key IS NOT NULL")
    op.drop_table('worker_guests')
