"""My cards: every card the learner has touched, as Anki's Browse shows them, with the
search syntax, sorting, paging and bulk actions."""

from flask import Blueprint

bp = Blueprint("cards", __name__, url_prefix="/cards")

from practice.cards import views  # noqa: E402, F401
