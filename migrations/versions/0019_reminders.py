"""reminders: a learner's digest and email choices, their calendar feed token, and one
claimed digest per user and local day

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 17:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest_enabled', sa.Boolean(), nullable=False),
    sa.Column('digest_hour', sa.SmallInteger(), nullable=False),
    sa.Column('mentoring_emails', sa.Boolean(), nullable=False),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_settings')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_reminder_settings_calendar_token'))
    )
    op.create_table('digest_sends',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_sends_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_sends')),
    sa.UniqueConstraint('user_id', 'local_day', name=op.f('uq_digest_sends_user_id_local_day'))
    )


def downgrade():
    op.drop_table('digest_sends')
    op.drop_table('reminder_settings')
