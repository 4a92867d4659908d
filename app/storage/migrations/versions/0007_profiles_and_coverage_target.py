"""profiles and coverage target

The device's active profile and enrolled role (one local row) and the date
by which each unit wants its staff list trained.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29 21:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'profile_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('active_profile_id', sa.Uuid(), nullable=True),
        sa.Column('enrolled_role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'coverage_target',
        sa.Column('unit_id', sa.Uuid(), nullable=False),
        sa.Column('target_date', sa.Date(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('unit_id'),
    )


def downgrade() -> None:
    op.drop_table('coverage_target')
    op.drop_table('profile_state')
