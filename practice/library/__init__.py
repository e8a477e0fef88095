from flask import Blueprint

bp = Blueprint("library", __name__)

from practice.library import views  # noqa: E402, F401
