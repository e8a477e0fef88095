"""the search index writes C#, C++, .NET and N+1 as one word each: empty it for a rebuild

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:00:00

"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Documents indexed before read C# and C++ as "c". The next `flask bank load` indexes
    # every live item missing from the index (practice/library/search_index.py), so emptying
    # it here is the whole rebuild; until then the library search finds nothing.
    op.execute("DELETE FROM item_search")


def downgrade():
    # The older index format reads the new documents well enough (whole words stay whole).
    pass
