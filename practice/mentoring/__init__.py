from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentor")

from practice.mentoring import views  # noqa: E402, F401
