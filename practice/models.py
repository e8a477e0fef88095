"""ORM models: the bank (tracks, topics, items, paths), users, card states and review logs."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import false as sa_false
from sqlalchemy.sql.expression import true as sa_true

from practice.extensions import db
from practice.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # Flask-SQLAlchemy builds db.Model at run time from this declarative base
    from practice.extensions import Base as Model
else:
    Model = db.Model

item_topics = Table(
    "item_topics",
    db.metadata,
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Track(Model):
    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16), unique=True)

    items: Mapped[list[Item]] = relationship(back_populates="track")


class Topic(Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class Item(Model):
    """One bank entry of any kind; retired (never deleted) when its file goes away."""

    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_study_order", "retired", "study_rank", "id"),
        # covers the library's filters, facet counts and browse order without reading rows
        Index(
            "ix_items_library", "retired", "kind", "study_rank", "track_id", "level", "difficulty"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[int] = mapped_column(SmallInteger)
    # level rank * 16 + difficulty: the order new cards are introduced in, kept in an index
    study_rank: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    sections: Mapped[list[list[str]]] = mapped_column(JSON)  # [[heading, markdown], ...]
    follow_ups: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200))
    source_path: Mapped[str] = mapped_column(String(400))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # when the content hash last changed (or the item arrived): feeds and "updated on" use it
    content_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    track: Mapped[Track] = relationship(back_populates="items")
    topics: Mapped[list[Topic]] = relationship(secondary=item_topics, order_by="Topic.slug")


class LearningPath(Model):
    __tablename__ = "paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    modules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Topic matches of the modules stay inside these tracks (empty: a path loaded before
    # paths named their tracks, matched in every track until the next load).
    tracks: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, Model):
    """An account. Each device it is signed in on has a SignIn; the session and remember
    cookies carry that sign-in's random token, never the user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16), default="learner")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    day_start_hour: Mapped[int] = mapped_column(SmallInteger, default=4)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    daily_new_limit: Mapped[int] = mapped_column(Integer, default=20)
    # reviews that make a day count toward the streak even with cards still due
    streak_goal: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    # the last fit's figures (domain.fit_outcome.FitRecord.as_dict), null = never fitted
    fsrs_fit: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    learning_steps: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)  # minutes
    maximum_interval: Mapped[int] = mapped_column(Integer, default=36500, server_default="36500")
    extra_new_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extra_new_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Anki's queue controls: reviews a day (new cards count toward it and wait when it is
    # reached), a leech's lapse threshold and what happens to it, and how early learning
    # cards may come when nothing else is left.
    maximum_reviews: Mapped[int] = mapped_column(Integer, default=200, server_default="200")
    leech_threshold: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    leech_action: Mapped[str] = mapped_column(String(16), default="tag", server_default="tag")
    learn_ahead_minutes: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    # Space, Enter, 1-4, U and ? in the drill; off for speech input and switch users (WCAG 2.1.4)
    single_key_shortcuts: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=sa_true()
    )
    # chosen while onboarding (or in study settings): the learner's level, and the drill's
    # scope when none is given, as a set's saved filter ({"track": ["go"]}; None: everything)
    level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    default_scope: Mapped[dict[str, list[str]] | None] = mapped_column(JSON, nullable=True)
    # the last drill session the learner ended: the next session counts ratings after it
    ended_session_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_session_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Anki's deck options (domain.study_options): the load balancer, easy days (seven weekday
    # percentages, Monday first; null = all 100), desired retention per level (null or a
    # missing level = the overall one), the order of due reviews and where new cards go.
    load_balancer: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    easy_days: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    retention_by_level: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    review_order: Mapped[str] = mapped_column(
        String(16), default="retrievability", server_default="retrievability"
    )
    new_card_place: Mapped[str] = mapped_column(String(16), default="after", server_default="after")

    def use_sign_in(self, token: str) -> None:
        """Run this request under a sign-in (its token is what Flask-Login stores)."""
        self.__dict__["_sign_in_token"] = token

    @property
    def sign_in_token(self) -> str | None:
        token = self.__dict__.get("_sign_in_token")
        return token if isinstance(token, str) else None

    def get_id(self) -> str:
        if not self.sign_in_token:
            raise RuntimeError("no sign-in: start one with accounts.session.start_sign_in")
        return self.sign_in_token

    @property
    def is_active(self) -> bool:
        return self.active


class CardState(Model):
    """A user's FSRS memory state for one item."""

    __tablename__ = "card_states"
    __table_args__ = (
        UniqueConstraint("user_id", "item_id"),
        # covers the drill's counts and its lowest-retrievability ordering: no table reads
        Index(
            "ix_card_states_user_state_due",
            "user_id",
            "state",
            "due",
            "suspended",
            "buried_until",
            "last_review_day",
            "stability",
            "item_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    state: Mapped[int] = mapped_column(
        SmallInteger
    )  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the study day of last_review (in the user's zone and day-start hour) as days since
    # 1970-01-01: the drill orders due reviews by (today - last_review_day) / stability inside
    # an index, with no date parsing per row
    last_review_day: Mapped[float | None] = mapped_column(Float, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # when the card became a leech (lapsed its owner's threshold); None once cleared
    leeched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SignIn(Model):
    """One device signed in to an account: logout or "sign out everywhere else" ends it, and
    an ended (or unknown) token signs in nobody. Only a hash of the token is stored."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PasswordReset(Model):
    """A password reset link: only its token's hash is kept, it works once and until it
    expires, and not after a newer link (revoked_at) or a change of the password (stamp)."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    password_stamp: Mapped[str] = mapped_column(String(64))  # of the hash it was made under
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ReviewLog(Model):
    """Append-only: one row per rating, never deleted by undo (it is marked undone: comments
    hang on it) and never given a used id again. Fitting and figures skip undone rows."""

    __tablename__ = "review_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "client_token"),
        Index("ix_review_logs_user_reviewed", "user_id", "reviewed_at"),
        # one card's reviews: its last rating in My cards, marking them at a reset
        Index("ix_review_logs_user_item", "user_id", "item_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    state_after: Mapped[dict[str, Any]] = mapped_column(JSON)
    typed_answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    client_token: Mapped[str] = mapped_column(String(64))
    was_new: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # set when the learner reset or forgot the card: the review stays in their history and
    # figures, but no longer shapes the card's schedule (replay and fitting start after it)
    reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


def counted() -> ColumnElement[bool]:
    """The condition on ReviewLog that keeps undone reviews out of fitting, replay, figures."""
    return ReviewLog.undone_at.is_(None)


def since_reset() -> ColumnElement[bool]:
    """Reviews that still shape their card's schedule: not before a reset (or forget)."""
    return ReviewLog.reset_at.is_(None)


class PathEnrolment(Model):
    """A user who started a learning path: the drill can then be scoped to its current module."""

    __tablename__ = "path_enrolments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    path_id: Mapped[int] = mapped_column(
        ForeignKey("paths.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuestionSet(Model):
    """A user's set of items: hand-picked in order, or a saved filter (`filters` not null)."""

    __tablename__ = "question_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    share_code: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_filter(self) -> bool:
        return self.filters is not None


class QuestionSetItem(Model):
    __tablename__ = "question_set_items"
    __table_args__ = (Index("ix_question_set_items_order", "set_id", "position"),)

    set_id: Mapped[int] = mapped_column(
        ForeignKey("question_sets.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class MentorInvite(Model):
    """A link a mentor hands out; accepting it makes the learner a mentee."""

    __tablename__ = "mentor_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_uses: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: until expiry
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Mentorship(Model):
    __tablename__ = "mentorships"
    __table_args__ = (UniqueConstraint("mentor_id", "mentee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Cohort(Model):
    """A trainer's group of learners; join_code None means joining is closed."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CohortMember(Model):
    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(Model):
    """A set given to one mentee or to a whole cohort (members who join later included); a set
    is open at most once per mentee and per cohort (NULLs differ, so each rule binds one side)."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("(mentee_id IS NULL) <> (cohort_id IS NULL)", name="target"),
        UniqueConstraint("set_id", "mentee_id", "legacy_copy"),
        UniqueConstraint("set_id", "cohort_id", "legacy_copy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("question_sets.id", ondelete="CASCADE"), index=True
    )
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=True, index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    target_recall: Mapped[float] = mapped_column(Float, default=0.85)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0 for every assignment made since migration 0011; an older duplicate keeps its row with
    # its own id here, outside the one-per-set rule (a migration deletes nothing people made).
    legacy_copy: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    question_set: Mapped[QuestionSet] = relationship()


class InterviewDate(Model):
    """A learner's interview on a day, for a scope: until that day their cards in the scope
    are scheduled for recall on the day (`target_recall`). The scope is a saved filter
    (`filters`, as a set stores it), a question set, or a learning path (set from the path's
    page: one per user and path). A set that is deleted leaves the date matching nothing."""

    __tablename__ = "interview_dates"
    __table_args__ = (
        UniqueConstraint("user_id", "path_slug"),
        CheckConstraint("scope_kind IN ('filter', 'set', 'path')", name="scope_kind"),
        CheckConstraint("target_recall > 0 AND target_recall < 1", name="target_recall"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    target_recall: Mapped[float] = mapped_column(Float, default=0.9)
    scope_kind: Mapped[str] = mapped_column(String(16), default="filter")
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    set_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_sets.id", ondelete="SET NULL"), nullable=True
    )
    path_slug: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AnswerComment(Model):
    """A mentor's comment on an answer a mentee typed before revealing."""

    __tablename__ = "answer_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_log_id: Mapped[int] = mapped_column(
        ForeignKey("review_logs.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# The cohort dashboard's hardest items: members' lapsed cards without reading card rows.
Index("ix_card_states_user_lapses", CardState.user_id, CardState.lapses, CardState.item_id)


class ReminderSettings(Model):
    """A learner's reminder choices (no row: the defaults) and their private calendar feed.

    The feed token is stored as it is, like a set's share code, so the settings page can show
    the address again; rotating it replaces it, and the old address then finds nothing."""

    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    digest_hour: Mapped[int] = mapped_column(SmallInteger, default=7)  # local, 0..23
    mentoring_emails: Mapped[bool] = mapped_column(Boolean, default=True)
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSend(Model):
    """One user's digest for one local day: claimed (inserted) before it is sent, so the
    unique pair lets one run on one host send it, however many run at once."""

    __tablename__ = "digest_sends"
    __table_args__ = (UniqueConstraint("user_id", "local_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_day: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "claimed" while sending, then "sent", or "quiet" (nothing to say that day)
    outcome: Mapped[str] = mapped_column(String(16), default="claimed")
