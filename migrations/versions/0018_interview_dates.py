"""interview dates: a learner's interview day, its scope and the recall wanted on the day

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interview_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('target_recall', sa.Float(), nullable=False),
    sa.Column('scope_kind', sa.String(length=16), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=True),
    sa.Column('set_id', sa.Integer(), nullable=True),
    sa.Column('path_slug', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope_kind IN ('filter', 'set', 'path')", name=op.f('ck_interview_dates_scope_kind')),
    sa.CheckConstraint('target_recall > 0 AND target_recall < 1', name=op.f('ck_interview_dates_target_recall')),
    sa.ForeignKeyConstraint(['set_id'], ['question_sets.id'], name=op.f('fk_interview_dates_set_id_question_sets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interview_dates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_dates')),
    sa.UniqueConstraint('user_id', 'path_slug', name=op.f('uq_interview_dates_user_id_path_slug'))
    )
    with op.batch_alter_table('interview_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_dates_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('interview_dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_dates_user_id'))
    op.drop_table('interview_dates')
