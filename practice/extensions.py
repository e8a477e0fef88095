"""Flask extensions, created unbound and initialised in create_app."""

from typing import Any, cast

from flask import request
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import CursorResult, Executable, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Named constraints, so that SQLite batch migrations can find them later."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def client_address() -> str:
    """The caller's address (request.remote_addr, after ProxyFix when configured)."""
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
limiter = Limiter(key_func=client_address)
mail = Mail()


def rows_changed(statement: Executable, **execution_options: Any) -> int:
    """Run an UPDATE or DELETE in the current session; how many rows it changed."""
    result = db.session.execute(statement, execution_options=execution_options)
    return cast(CursorResult[Any], result).rowcount
