from flask import Blueprint

bp = Blueprint("paths", __name__, url_prefix="/paths")

from practice.paths import views  # noqa: E402, F401
