"""a covering index of the counted review log for the statistics figures

The per-day figures (/stats, the home page's streak, the mentee page) group a year of one
learner's reviews by study day in SQL. With every column they read in the index, that is a
scan of one index range instead of a table lookup per review. PostgreSQL cannot use a json
column as a B-tree key, so there the read columns are INCLUDEd; SQLite has no INCLUDE, so there
they are trailing key columns. Being engine-specific, the index is not a model (like the
full-text index of 0005).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 18:00:00

"""
from alembic import op


revision = '0023'
down_revision = "0022"
branch_labels = None
depends_on = None

NAME = 'ix_review_logs_counted'
READ = ['undone_at', 'rating', 'duration_ms', 'item_id', 'state_before']


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(NAME, 'review_logs', ['user_id', 'reviewed_at'], postgresql_include=READ)
    else:
        op.create_index(NAME, 'review_logs', ['user_id', 'reviewed_at', *READ])


def downgrade():
    op.drop_index(NAME, table_name='review_logs')
