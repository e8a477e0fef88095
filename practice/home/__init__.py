from flask import Blueprint

bp = Blueprint("home", __name__)

from practice.home import views  # noqa: E402, F401
