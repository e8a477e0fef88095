"""Anki's deck options: load balancer, easy days, retention per level, review order and
where new cards go

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('load_balancer', sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column('easy_days', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('retention_by_level', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column(
                'review_order', sa.String(16), nullable=False, server_default='retrievability'
            )
        )
        batch_op.add_column(
            sa.Column('new_card_place', sa.String(16), nullable=False, server_default='after')
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in ('new_card_place', 'review_order', 'retention_by_level', 'easy_days'):
            batch_op.drop_column(name)
        batch_op.drop_column('load_balancer')
