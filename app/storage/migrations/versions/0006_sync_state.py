"""sync state: where this database stands with the server; parked ops keep the server's reason

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 21:30:00

One ``sync_state`` row (epoch, bootstrap progress, back-off, clock skew, the
condition that stops syncing), the server's reason code and parking time on
``outbox``, and ``pulled_orphan`` for pulled records whose parents this device
never receives.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('parked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    text = sqlmodel.sql.sqltypes.AutoString()
    op.create_table(
        'sync_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('epoch', text, nullable=False),
        sa.Column('next_epoch', text, nullable=False),
        sa.Column('unit_code', text, nullable=False),
        sa.Column('bootstrapped', sa.Boolean(), nullable=False),
        sa.Column('bootstrap_page', sa.Integer(), nullable=False),
        sa.Column('bootstrap_cursor', sa.Integer(), nullable=True),
        sa.Column('pull_complete', sa.Boolean(), nullable=False),
        sa.Column('condition', text, nullable=False),
        sa.Column('reason', text, nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_success_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('clock_skew_seconds', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'pulled_orphan',
        sa.Column('entity', text, nullable=False),
        sa.Column('entity_id', sa.Uuid(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('entity', 'entity_id'),
    )


def downgrade() -> None:
    op.drop_table('pulled_orphan')
    op.drop_table('sync_state')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('parked_at')
        batch_op.drop_column('reason')
