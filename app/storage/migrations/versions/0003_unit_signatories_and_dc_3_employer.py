"""unit signatories and DC-3 employer

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 06:53:03.885635
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('director_name', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('employer_name', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('employer_rfc', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('employer_representative', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('workers_representative', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('training_agent', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('training_agent')
        batch_op.drop_column('workers_representative')
        batch_op.drop_column('employer_representative')
        batch_op.drop_column('employer_rfc')
        batch_op.drop_column('employer_name')
        batch_op.drop_column('director_name')

