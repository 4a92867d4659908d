"""external participants: workers without matrícula, with their institution and credential

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 18:40:00

An external participant (a person of another institution who takes a course,
e.g. a federal security officer) has no matrícula: the column becomes
nullable (its unique index still holds for every matrícula present), and the
worker gains the participant's institution and own credential number, both
empty for staff.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.alter_column('matricula', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        batch_op.add_column(sa.Column('external_institution', sqlmodel.sql.sqltypes.AutoString(),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('credential_number', sqlmodel.sql.sqltypes.AutoString(),
                                      server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_worker_credential_number'), ['credential_number'], unique=False)


def downgrade() -> None:
    externals = op.get_bind().execute(sa.text("SELECT count(*) FROM worker WHERE matricula IS NULL")).scalar()
    if externals:
        # Revision 0003 cannot hold a worker without matrícula; dropping them would drop their marks.
        raise RuntimeError(f"{externals} external participants have no matrícula; "
                           "this database cannot go back to revision 0003")
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_credential_number'))
        batch_op.drop_column('credential_number')
        batch_op.drop_column('external_institution')
        batch_op.alter_column('matricula', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
