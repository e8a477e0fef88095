"""The confirmation step of actions that remove, end or close something. The action's address
answers a GET with a confirm page (which changes nothing) that names the object and says what
will happen; its form posts `confirm=yes` back to the same address. The action refuses to run
without that field, so a stale one-click form, or a forged link, cannot act."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, request
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from practice.web import render_page_or_fragment


class ConfirmForm(FlaskForm):
    confirm = HiddenField(validators=[AnyOf(["yes"])])


@dataclass(frozen=True)
class Confirmation:
    """What the confirm page shows: the question, what will happen, and where each way leads."""

    title: str  # the question, naming the object: "Archive Spring bootcamp?"
    consequences: tuple[str, ...]  # plain sentences, each one thing that will happen
    button: str  # the confirm button's label
    cancel: str  # where Cancel leads back to
    problem: str | None = None  # why it cannot be done now (the page then offers no button)
    fields: tuple[tuple[str, str], ...] = ()  # more hidden fields the action reads


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 assignment`, `3 assignments`."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def is_confirmed() -> bool:
    """A POST carrying the confirm page's `confirm=yes` (CSRF is checked for every POST)."""
    return request.method == "POST" and ConfirmForm().validate_on_submit()


def confirmation_page(confirmation: Confirmation) -> Response:
    """The confirm page, or for an HTMX request its fragment, to show inline. 200 for a GET;
    400 for a POST that came without the confirmation or an action that cannot be done now."""
    unconfirmed = request.method == "POST"
    query = request.query_string.decode()
    return render_page_or_fragment(
        "confirm/page.html",
        "confirm/_confirm.html",
        status=400 if unconfirmed or confirmation.problem else 200,
        confirmation=confirmation,
        unconfirmed=unconfirmed,
        action=request.path + (f"?{query}" if query else ""),
        form=ConfirmForm(),
    )


def unless_confirmed(confirmation: Confirmation) -> Response | None:
    """The confirm page, unless this request is the confirmed POST of an action that can be
    done now (then None: the view goes ahead)."""
    if confirmation.problem is None and is_confirmed():
        return None
    return confirmation_page(confirmation)
