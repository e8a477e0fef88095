from flask import Blueprint

bp = Blueprint("plan", __name__, url_prefix="/plan")

from practice.plan import views  # noqa: E402, F401
