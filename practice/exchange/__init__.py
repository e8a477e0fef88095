"""Export to the tools learners already use: Anki packages (.apkg) and CSV."""

from flask import Blueprint

bp = Blueprint("exchange", __name__)

from practice.exchange import views  # noqa: E402,F401  (registers the routes)
