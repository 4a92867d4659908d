"""verification address and document settings

The device's verification address printed in the QR (empty: online
verification not configured) and the single row of document settings
(institution, programme, logos, titles and signature images).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 18:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_TEXT_COLUMNS = ('institution_name', 'programme_name', 'logo_left', 'logo_right', 'instructor_title',
                 'director_title', 'instructor_signature', 'director_signature')


def upgrade() -> None:
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verify_base_url', sqlmodel.sql.sqltypes.AutoString(),
                                      server_default='', nullable=False))
    op.create_table(
        'document_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        *(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=False) for name in _TEXT_COLUMNS),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('document_settings')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('verify_base_url')
