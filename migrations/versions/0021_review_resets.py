"""reviews before a card was reset or forgotten: kept, but no longer shape its schedule;
an index on each card's reviews (user, item)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 18:10:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0021'
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reset_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_review_logs_user_item', 'review_logs', ['user_id', 'item_id', 'id'], unique=False
    )


def downgrade():
    op.drop_index('ix_review_logs_user_item', table_name='review_logs')
    with op.batch_alter_table('review_logs', schema=None) as batch_op:
        batch_op.drop_column('reset_at')
