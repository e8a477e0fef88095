"""a learner's streak goal: reviews that make a day count toward the streak

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('streak_goal', sa.Integer(), nullable=False, server_default=sa.text('10'))
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('streak_goal')
