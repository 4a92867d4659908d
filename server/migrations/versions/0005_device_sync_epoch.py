"""A device's sync epoch: detects a database restored from a backup or copied elsewhere.

Each sync round the device offers the epoch it holds and a new one; the server
moves to the new one only from the epoch it stored (or repeats the answer when
the new one is already stored: a lost answer). A copy or an old backup of the
device's database offers an epoch the server has moved past and is told to
re-enroll (409 ``stale_database``). Registration clears it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices') as batch_op:
        batch_op.add_column(sa.Column('sync_epoch', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices') as batch_op:
        batch_op.drop_column('sync_epoch')
