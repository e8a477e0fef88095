from flask import Blueprint

bp = Blueprint("sets", __name__, url_prefix="/sets")

from practice.sets import views  # noqa: E402, F401
