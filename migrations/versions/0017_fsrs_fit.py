"""the last parameter fit of each user: when, reviews used, both log losses, the outcome

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 18:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fsrs_fit", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("fsrs_fit")
