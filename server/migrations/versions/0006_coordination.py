"""Central coordination (issue 12): regions, incremental coverage, coordinator accounts and audit.

Coverage rows are derived from the synced records; a database that already
holds records gets them computed once here, afterwards every applied op keeps
them current (server.coordination.coverage).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table('coord_units',
                    sa.Column('unit_id', sa.String(36), primary_key=True),
                    sa.Column('kind', sa.String(80), nullable=False, server_default=''),
                    sa.Column('region', sa.String(120), nullable=False))
    op.create_index('ix_coord_units_region', 'coord_units', ['region'])
    op.create_table('coord_staff',
                    sa.Column('worker_id', sa.String(36), primary_key=True),
                    sa.Column('unit_id', sa.String(36), nullable=False),
                    sa.Column('on_staff', sa.Boolean(), nullable=False),
                    sa.Column('was_on_staff', sa.Boolean(), nullable=False),
                    sa.Column('matricula', sa.String(160), nullable=False),
                    sa.Column('name', sa.String(400), nullable=False),
                    sa.Column('department', sa.String(200), nullable=False),
                    sa.Column('category', sa.String(200), nullable=False),
                    sa.Column('shift', sa.String(60), nullable=False))
    op.create_index('ix_coord_staff_unit', 'coord_staff', ['unit_id', 'on_staff'])
    op.create_table('coord_groups',
                    sa.Column('group_id', sa.String(36), primary_key=True),
                    sa.Column('course_id', sa.String(36), nullable=False),
                    sa.Column('unit_id', sa.String(36), nullable=True),
                    sa.Column('code', sa.String(200), nullable=False),
                    sa.Column('closed', sa.Boolean(), nullable=False),
                    sa.Column('deleted', sa.Boolean(), nullable=False))
    op.create_table('coord_enrollments',
                    sa.Column('enrollment_id', sa.String(36), primary_key=True),
                    sa.Column('worker_id', sa.String(36), nullable=False),
                    sa.Column('group_id', sa.String(36), nullable=False),
                    sa.Column('course_id', sa.String(36), nullable=False),
                    sa.Column('enrolled', sa.Boolean(), nullable=False),
                    sa.Column('withdrawn', sa.Boolean(), nullable=False),
                    sa.Column('qualifies', sa.Boolean(), nullable=True),
                    sa.Column('constancia_id', sa.String(36), nullable=True),
                    sa.Column('folio', sa.String(40), nullable=True),
                    sa.Column('issued_at', sa.String(40), nullable=True))
    op.create_index('ix_coord_enrollments_worker', 'coord_enrollments', ['worker_id', 'course_id'])
    op.create_index('ix_coord_enrollments_group', 'coord_enrollments', ['group_id'])
    op.create_table('coord_coverage',
                    sa.Column('worker_id', sa.String(36), primary_key=True),
                    sa.Column('course_id', sa.String(36), primary_key=True),
                    sa.Column('unit_id', sa.String(36), nullable=False),
                    sa.Column('on_staff', sa.Boolean(), nullable=False),
                    sa.Column('status', sa.String(20), nullable=False),
                    sa.Column('group_code', sa.String(200), nullable=False),
                    sa.Column('folio', sa.String(40), nullable=True),
                    sa.Column('issued_at', sa.String(40), nullable=True))
    op.create_index('ix_coord_coverage_unit', 'coord_coverage', ['unit_id', 'course_id', 'on_staff', 'status'])
    op.create_table('coord_unit_figures',
                    sa.Column('unit_id', sa.String(36), primary_key=True),
                    sa.Column('course_id', sa.String(36), primary_key=True),
                    sa.Column('status', sa.String(20), primary_key=True),
                    sa.Column('count', sa.Integer(), nullable=False))
    op.create_index('ix_coord_coverage_worker', 'coord_coverage', ['worker_id'])
    # A closed group's marks are read back to re-evaluate it: records by group.
    op.create_index('ix_records_group', 'records', ['group_id', 'entity'])
    op.create_table('coord_users',
                    sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column('email', sa.String(254), nullable=False, unique=True),
                    sa.Column('role', sa.String(20), nullable=False),
                    sa.Column('regions', sa.String(2000), nullable=False),
                    sa.Column('password_hash', sa.String(200), nullable=False),
                    _ts('created_at'))
    op.create_table('coord_login_failures',
                    sa.Column('email', sa.String(254), primary_key=True),
                    sa.Column('failures', sa.Integer(), nullable=False),
                    _ts('locked_until', True))
    op.create_table('coord_sessions',
                    sa.Column('token_hash', sa.String(64), primary_key=True),
                    sa.Column('user_id', sa.Integer(), nullable=False),
                    sa.Column('csrf', sa.String(64), nullable=False),
                    _ts('created_at'), _ts('expires_at'))
    op.create_table('coord_audit',
                    sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
                    _ts('at'),
                    sa.Column('email', sa.String(254), nullable=False),
                    sa.Column('action', sa.String(40), nullable=False),
                    sa.Column('detail', sa.String(500), nullable=False),
                    sa.Column('address', sa.String(64), nullable=False))
    from sqlmodel import Session

    from server.coordination.coverage import rebuild

    with Session(op.get_bind()) as session:
        rebuild(session)
        session.flush()


def downgrade() -> None:
    for table in ('coord_audit', 'coord_sessions', 'coord_login_failures', 'coord_users', 'coord_unit_figures',
                  'coord_coverage',
                  'coord_enrollments', 'coord_groups', 'coord_staff', 'coord_units'):
        op.drop_table(table)
    op.drop_index('ix_records_group', 'records')
