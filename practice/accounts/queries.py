"""Accounts: register, authenticate, change credentials, roles, deactivation, export, delete."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import current_app
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from practice.access import UserError
from practice.accounts.export import group_data
from practice.accounts.session import end_other_sign_ins
from practice.domain.paging import Paging, paging
from practice.domain.passwords import password_problem
from practice.domain.roles import ROLES
from practice.extensions import db
from practice.models import CardState, Item, LearningPath, PathEnrolment, ReviewLog, User
from practice.types import utcnow

USERS_PER_PAGE = 25


class AccountError(UserError):
    """A user-facing refusal, tied to the form field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_new_password(password: str, email: str, display_name: str) -> None:
    problem = password_problem(password, (email, display_name))
    if problem:
        raise AccountError("password", problem)


def register(email: str, display_name: str, password: str, role: str = "learner") -> User:
    email = normalize_email(email)
    if find_user(email):
        raise AccountError("email", "An account with this email already exists.")
    if role not in ROLES:
        raise AccountError("role", f"Unknown role '{role}'.")
    check_new_password(password, email, display_name)
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def password_hash(password: str) -> str:
    """The stored form of a password, by the configured method (scrypt; cheap in tests)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _decoy_hash(method: str) -> str:
    """A hash to check against when the email is unknown, so both failures take as long."""
    return generate_password_hash("decoy password that never matches anything", method=method)


class AccountDeactivated(AccountError):
    """The right password for a deactivated account: only then is it said to be deactivated."""

    def __init__(self, user_id: int) -> None:
        super().__init__("password", DEACTIVATED)
        self.user_id = user_id


DEACTIVATED = "This account is deactivated. Ask an administrator to reactivate it."


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same work either way).

    Raises:
        AccountDeactivated: the password is right but the account is deactivated (a wrong
            password for a deactivated account is just a wrong password: None).
    """
    user = find_user(email)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    hashed = user.password_hash if user and user.password_hash else _decoy_hash(method)
    matches = check_password_hash(hashed, password)
    if user is None or not matches:
        return None
    if not user.active:
        raise AccountDeactivated(user.id)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def verify_password(user: User, password: str) -> None:
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        raise AccountError("current_password", "That is not your current password.")


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every session (the caller logs the current one back in)."""
    verify_password(user, current)
    check_new_password(new, user.email, user.display_name)
    user.password_hash = password_hash(new)
    user.session_version += 1
    db.session.commit()
    end_other_sign_ins(user, keep_current=False)


def change_display_name(user: User, name: str) -> None:
    """The name mentors and trainers see (no password needed: it is no credential)."""
    user.display_name = name.strip()
    db.session.commit()


def change_email(user: User, password: str, new_email: str) -> None:
    verify_password(user, password)
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError("email", "That is already your email.")
    if find_user(new_email):
        raise AccountError("email", "An account with this email already exists.")
    user.email = new_email
    db.session.commit()


def set_role(user: User, role: str, acting: User) -> None:
    if role not in ROLES:
        raise AccountError("role", f"Unknown role '{role}'.")
    if user.id == acting.id and role != "admin":
        raise AccountError("role", "You cannot remove your own admin role.")
    user.role = role
    db.session.commit()


def set_active(user: User, active: bool, acting: User) -> None:
    """Deactivate (ending every session and remember cookie) or reactivate an account."""
    if user.id == acting.id:
        raise AccountError("active", "You cannot deactivate your own account.")
    user.active = active
    if not active:
        user.session_version += 1
    db.session.commit()
    if not active:
        end_other_sign_ins(user, keep_current=False)


def delete_account(user: User, password: str) -> None:
    """Delete the account with its card states and review log (after the password confirms)."""
    verify_password(user, password)
    db.session.execute(delete(ReviewLog).where(ReviewLog.user_id == user.id))
    db.session.execute(delete(CardState).where(CardState.user_id == user.id))
    db.session.execute(delete(PathEnrolment).where(PathEnrolment.user_id == user.id))
    db.session.delete(user)
    db.session.commit()


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    paging: Paging
    query: str

    @property
    def page(self) -> int:
        return self.paging.page

    @property
    def pages(self) -> int:
        return self.paging.pages

    @property
    def total(self) -> int:
        return self.paging.total


def list_users(query: str = "", page: int = 1) -> UserPage:
    """Users matching the query (email or name), newest first, one page at a time."""
    statement = select(User)
    query = query.strip()
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(User.email.like(pattern), func.lower(User.display_name).like(pattern))
        )
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    shown = paging(total, page, USERS_PER_PAGE)
    rows = db.session.scalars(
        statement.order_by(User.id.desc()).limit(shown.per_page).offset(shown.offset)
    ).all()
    return UserPage(list(rows), shown, query)


def export_data(user: User) -> dict:
    """Everything we hold about a user, for download: profile, card states, review log, and
    their sets, mentors, mentees, cohorts and mentor comments."""
    external = dict(db.session.execute(select(Item.id, Item.external_id)).all())
    cards = db.session.scalars(select(CardState).where(CardState.user_id == user.id)).all()
    reviews = db.session.scalars(
        select(ReviewLog).where(ReviewLog.user_id == user.id).order_by(ReviewLog.reviewed_at)
    ).all()
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "time_zone": user.time_zone,
            "day_start_hour": user.day_start_hour,
            "desired_retention": user.desired_retention,
            "daily_new_limit": user.daily_new_limit,
            "maximum_reviews": user.maximum_reviews,
            "learning_steps_minutes": user.learning_steps,
            "learn_ahead_minutes": user.learn_ahead_minutes,
            "leech_threshold": user.leech_threshold,
            "leech_action": user.leech_action,
            "fsrs_parameters": user.fsrs_parameters,
            "fsrs_last_fit": user.fsrs_fit,
            "level": user.level,
            "default_drill_scope": user.default_scope,
            "created_at": user.created_at.isoformat(),
        },
        "card_states": [_card_json(card, external) for card in cards],
        "review_log": [_review_json(review, external) for review in reviews],
        "learning_paths": _paths_json(user),
        **group_data(user),
    }


def _paths_json(user: User) -> list[dict]:
    rows = db.session.execute(
        select(LearningPath.slug, PathEnrolment.started_at)
        .join(LearningPath, LearningPath.id == PathEnrolment.path_id)
        .where(PathEnrolment.user_id == user.id)
        .order_by(PathEnrolment.started_at)
    )
    return [{"path": slug, "started_at": started.isoformat()} for slug, started in rows]


def _iso(value):
    return value.isoformat() if value else None


def _card_json(card: CardState, external: dict[int, str]) -> dict:
    return {
        "item": external.get(card.item_id),
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": _iso(card.due),
        "last_review": _iso(card.last_review),
        "reps": card.reps,
        "lapses": card.lapses,
        "suspended": card.suspended,
        "buried_until": _iso(card.buried_until),
        "leech_since": _iso(card.leeched_at),
    }


def _review_json(review: ReviewLog, external: dict[int, str]) -> dict:
    return {
        "item": external.get(review.item_id),
        "rating": review.rating,
        "reviewed_at": _iso(review.reviewed_at),
        "duration_ms": review.duration_ms,
        "typed_answer": review.typed_answer,
        "state_before": review.state_before,
        "state_after": review.state_after,
        "undone_at": _iso(review.undone_at),
    }
