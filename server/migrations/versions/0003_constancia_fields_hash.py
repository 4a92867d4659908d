"""Constancias: the hash of the certified fields, so a status belongs to one constancia.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('constancias', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fields_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('constancias', schema=None) as batch_op:
        batch_op.drop_column('fields_hash')
