"""onboarding and drill sessions: a learner's level, default drill scope and the last drill
session they ended

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 17:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('default_scope', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column('ended_session_from', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('ended_session_until', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('ended_session_until')
        batch_op.drop_column('ended_session_from')
        batch_op.drop_column('default_scope')
        batch_op.drop_column('level')
