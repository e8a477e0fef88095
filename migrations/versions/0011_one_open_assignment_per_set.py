"""a set is assigned at most once to the same mentee and to the same cohort

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:10:00

"""
import logging

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')


def upgrade():
    # Copies made before this revision (a double click, a second due date) are kept: nothing
    # a mentor or trainer made is deleted by a migration. Each older copy gets its own id in
    # legacy_copy, so it stays out of the new rule; every assignment made from now on has 0,
    # and the unique constraints allow one per set and mentee, and per set and cohort.
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('legacy_copy', sa.Integer(), nullable=False, server_default=sa.text('0'))
        )
    mark_older_copies()
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f('uq_assignments_set_id_mentee_id_legacy_copy'), ['set_id', 'mentee_id', 'legacy_copy']
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_assignments_set_id_cohort_id_legacy_copy'), ['set_id', 'cohort_id', 'legacy_copy']
        )


def mark_older_copies():
    """The copy due last (the newest of a tie) stays the open one; the others keep their
    rows, marked as older copies."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        'SELECT id, set_id, mentee_id, cohort_id FROM assignments ORDER BY due_at, id'
    )).all()
    latest = {}
    for row in rows:  # later rows win: the latest due date, then the highest id
        latest[(row.set_id, row.mentee_id, row.cohort_id)] = row.id
    older = [row.id for row in rows if row.id not in set(latest.values())]
    if older:
        log.warning('Marking %d older duplicate assignment(s), kept: ids %s', len(older), older)
        connection.execute(
            sa.text('UPDATE assignments SET legacy_copy = id WHERE id IN :ids').bindparams(
                sa.bindparam('ids', expanding=True)
            ),
            {'ids': older},
        )


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_assignments_set_id_cohort_id_legacy_copy'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_assignments_set_id_mentee_id_legacy_copy'), type_='unique')
        batch_op.drop_column('legacy_copy')
