from flask import Blueprint

bp = Blueprint("drill", __name__, url_prefix="/drill")

from practice.drill import preparing_views, session_views, views  # noqa: E402, F401
