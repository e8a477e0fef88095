"""a set is assigned at most once to the same mentee and to the same cohort

Revision ID: 0011c
Revises: 0009
Create Date: 2026-12-04 10:00:00

"""
import logging

from alembic import op
import sqlalchemy as sa


revision = '0011c'
down_revision = '0009'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')


def upgrade():
    remove_duplicate_assignments()
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_assignments_set_id_mentee_id'), ['set_id', 'mentee_id'])
        batch_op.create_unique_constraint(batch_op.f('uq_assignments_set_id_cohort_id'), ['set_id', 'cohort_id'])


def remove_duplicate_assignments():
    """Before this revision a set could be assigned twice to one mentee or cohort (a double
    click, or a second due date). Keep the one due last (the newest of a tie), so nobody's
    deadline moves earlier; progress is counted per set and learner, so none is lost."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        'SELECT id, set_id, mentee_id, cohort_id, due_at FROM assignments ORDER BY due_at, id'
    )).all()
    kept = {}
    for row in rows:  # later rows win: the latest due date, then the highest id
        kept[(row.set_id, row.mentee_id, row.cohort_id)] = row.id
    keep = set(kept.values())
    doomed = [row.id for row in rows if row.id not in keep]
    if doomed:
        log.warning('Removing %d duplicate assignment(s): ids %s', len(doomed), doomed)
        connection.execute(
            sa.text('DELETE FROM assignments WHERE id IN :ids').bindparams(
                sa.bindparam('ids', expanding=True)
            ),
            {'ids': doomed},
        )


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_assignments_set_id_cohort_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_assignments_set_id_mentee_id'), type_='unique')
