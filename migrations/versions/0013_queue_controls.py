"""queue controls: maximum reviews per day, leech threshold and action, learn-ahead limit;
a card's leech mark

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # Existing users get Anki's defaults: 200 reviews a day, leeches at 8 lapses, tagged only,
    # learning cards shown up to 20 minutes early when nothing else is left.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('maximum_reviews', sa.Integer(), server_default='200', nullable=False))
        batch_op.add_column(sa.Column('leech_threshold', sa.Integer(), server_default='8', nullable=False))
        batch_op.add_column(sa.Column('leech_action', sa.String(length=16), server_default='tag', nullable=False))
        batch_op.add_column(sa.Column('learn_ahead_minutes', sa.Integer(), server_default='20', nullable=False))

    with op.batch_alter_table('card_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leeched_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('card_states', schema=None) as batch_op:
        batch_op.drop_column('leeched_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('learn_ahead_minutes')
        batch_op.drop_column('leech_action')
        batch_op.drop_column('leech_threshold')
        batch_op.drop_column('maximum_reviews')
