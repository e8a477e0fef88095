"""undo marks a review undone instead of deleting it; review ids are never reused (SQLite
AUTOINCREMENT)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    column = sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True)
    if op.get_bind().dialect.name != 'sqlite':
        # PostgreSQL ids come from a sequence that never goes back: only the column is new.
        op.add_column('review_logs', column)
        return
    # SQLite gains AUTOINCREMENT only by rebuilding the table (env.py turns foreign keys off
    # for it, so comments on reviews survive the rebuild).
    with op.batch_alter_table(
        'review_logs', recreate='always', table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.add_column(column)


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_column('review_logs', 'undone_at')
        return
    with op.batch_alter_table('review_logs', recreate='always') as batch_op:
        batch_op.drop_column('undone_at')
