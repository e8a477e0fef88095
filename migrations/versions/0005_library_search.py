"""the library: full-text search index, content change times, path enrolments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 16:10:00

The search index is engine-specific and kept out of the models: an FTS5 virtual table on
SQLite (porter stemming), a tsvector table with a GIN index on PostgreSQL (English stemming).
The bank load fills it (it also indexes any live item missing from it, so existing databases
are indexed by their next `flask bank load`).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_items_library', ['retired', 'kind', 'study_rank', 'track_id', 'level', 'difficulty'], unique=False)
    op.execute("UPDATE items SET content_changed_at = updated_at")

    op.create_table(
        'path_enrolments',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('path_id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['path_id'], ['paths.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'path_id'),
    )

    if op.get_bind().dialect.name == "sqlite":
        # rowid is the item id; three columns weighted in bm25(): title, body, extra facts
        op.execute(
            "CREATE VIRTUAL TABLE item_search USING fts5("
            "title, body, extra, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE TABLE item_search ("
            "item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE, "
            "document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_item_search_document ON item_search USING GIN (document)")


def downgrade():
    op.execute("DROP TABLE IF EXISTS item_search")
    op.drop_table('path_enrolments')
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index('ix_items_library')
        batch_op.drop_column('content_changed_at')
