"""a learning path names its tracks and its estimated study time

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Paths loaded before this have no tracks: they keep matching topics in every track
    # until the next `flask bank load` writes the tracks their file names.
    with op.batch_alter_table('paths', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracks', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('hours', sa.Float(), nullable=False, server_default=sa.text('0')))


def downgrade():
    with op.batch_alter_table('paths', schema=None) as batch_op:
        batch_op.drop_column('hours')
        batch_op.drop_column('tracks')
