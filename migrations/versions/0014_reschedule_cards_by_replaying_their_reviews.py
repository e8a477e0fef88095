"""reschedule every card by replaying its review log under Anki's rules (study days, Hard <
Good < Easy, due from the start of the due study day, Anki's fuzz)

Each card state that has reviews is replaced by what its reviews (those not undone, oldest
first) lead to under the scheduler as it is now, with its owner's settings and the same seeded
fuzz the drill uses, so `flask fsrs check` agrees with every card afterwards. last_review_day
becomes the study day of the last review, as a day number in its owner's days. Review logs,
suspend and bury flags and cards without reviews are left as they are. The schema does not
change; a downgrade leaves the states as they are (they are valid states for the old code).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00

"""
from datetime import UTC, timedelta

from alembic import op
import sqlalchemy as sa

from practice.domain.scheduling import (
    DEFAULT_LEARNING_STEPS,
    SchedulerSettings,
    replay,
    study_day_number,
)

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

users = sa.table(
    'users',
    sa.column('id', sa.Integer),
    sa.column('time_zone', sa.String),
    sa.column('day_start_hour', sa.Integer),
    sa.column('desired_retention', sa.Float),
    sa.column('fsrs_parameters', sa.JSON),
    sa.column('learning_steps', sa.JSON),
    sa.column('maximum_interval', sa.Integer),
)
review_logs = sa.table(
    'review_logs',
    sa.column('id', sa.Integer),
    sa.column('user_id', sa.Integer),
    sa.column('item_id', sa.Integer),
    sa.column('rating', sa.Integer),
    sa.column('reviewed_at', sa.DateTime(timezone=True)),
    sa.column('undone_at', sa.DateTime(timezone=True)),
)
card_states = sa.table(
    'card_states',
    sa.column('id', sa.Integer),
    sa.column('user_id', sa.Integer),
    sa.column('item_id', sa.Integer),
    sa.column('state', sa.Integer),
    sa.column('step', sa.Integer),
    sa.column('stability', sa.Float),
    sa.column('difficulty', sa.Float),
    sa.column('due', sa.DateTime(timezone=True)),
    sa.column('last_review', sa.DateTime(timezone=True)),
    sa.column('last_review_day', sa.Float),
    sa.column('reps', sa.Integer),
    sa.column('lapses', sa.Integer),
)


def _fuzz() -> bool:
    """Whether the drill fuzzes intervals (the app's FSRS_FUZZ; on outside an app)."""
    try:
        from flask import current_app

        return bool(current_app.config.get('FSRS_FUZZ', True))
    except RuntimeError:
        return True


def _settings(user, fuzz: bool) -> SchedulerSettings:
    """The user's scheduler settings, as the drill builds them (practice.drill.queue)."""
    steps = user.learning_steps
    return SchedulerSettings(
        desired_retention=user.desired_retention,
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
        learning_steps=(
            tuple(timedelta(minutes=m) for m in steps) if steps else DEFAULT_LEARNING_STEPS
        ),
        maximum_interval=user.maximum_interval,
        fuzz=fuzz,
        time_zone=user.time_zone,
        day_start_hour=user.day_start_hour,
    )


def _aware(moment):
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stored(moment, dialect: str):
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if dialect == 'sqlite' else moment


def _histories(bind, user_id: int) -> dict:
    rows = bind.execute(
        sa.select(review_logs.c.item_id, review_logs.c.rating, review_logs.c.reviewed_at)
        .where(review_logs.c.user_id == user_id, review_logs.c.undone_at.is_(None))
        .order_by(review_logs.c.id)
    )
    histories: dict = {}
    for item_id, rating, reviewed_at in rows:
        histories.setdefault(item_id, []).append((rating, _aware(reviewed_at)))
    return histories


def upgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    fuzz = _fuzz()
    for user in bind.execute(sa.select(users).order_by(users.c.id)).all():
        settings = _settings(user, fuzz)
        histories = _histories(bind, user.id)
        cards = bind.execute(
            sa.select(card_states.c.id, card_states.c.item_id).where(
                card_states.c.user_id == user.id
            )
        ).all()
        for card_id, item_id in cards:
            if item_id not in histories:
                continue
            memory = replay(settings, histories[item_id], f'{user.id}:{item_id}')
            last = memory.last_review
            bind.execute(
                card_states.update()
                .where(card_states.c.id == card_id)
                .values(
                    state=memory.state,
                    step=memory.step,
                    stability=memory.stability,
                    difficulty=memory.difficulty,
                    due=_stored(memory.due, dialect),
                    last_review=_stored(last, dialect),
                    last_review_day=study_day_number(
                        last, settings.time_zone, settings.day_start_hour
                    ),
                    reps=memory.reps,
                    lapses=memory.lapses,
                )
            )


def downgrade():
    # The replayed states are valid for the rules before this revision too; nothing to undo.
    pass
