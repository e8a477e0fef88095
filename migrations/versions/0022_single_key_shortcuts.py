"""a learner can turn off the drill's single-key shortcuts (WCAG 2.1.4)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 17:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'single_key_shortcuts', sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('single_key_shortcuts')
