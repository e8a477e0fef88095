"""What every request must be before any view sees it: no control characters in its path,
query or form fields (newline and tab allowed in form text), and ids within the database's
integer range (larger ones are no route at all: 404)."""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from practice.security import abort_with

# PostgreSQL's INTEGER: the narrowest id column on either engine.
MAX_ID = 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and newline...
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")  # ...which a path or query never holds


class BoundedInt(IntegerConverter):
    """`<int:...>` that only matches ids a column can hold, so a huge one is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bounded_int(value: str | None, default: int, high: int = MAX_ID) -> int:
    """A whole number from a query argument, clamped to 1..high; `default` when unusable."""
    if not value or not value.isdigit() or len(value) > 12:
        return default
    return max(1, min(int(value), high))


def refuse_control_characters() -> None:
    """400 with a message when the path, the query or a form field holds a control character
    (form text keeps newlines and tabs; carriage returns of line ends are allowed too)."""
    if _CONTROL_IN_LINE.search(request.path):
        abort_with(400, "The address contains a control character. Remove it and try again.")
    for name, value in request.args.items(multi=True):
        if _CONTROL_IN_LINE.search(name) or _CONTROL_IN_LINE.search(value):
            abort_with(400, f"The query field {name[:40]!r} contains a control character.")
    for name, value in request.form.items(multi=True):
        if _CONTROL.search(name) or _CONTROL.search(value.replace("\r\n", "\n")):
            abort_with(
                400,
                f"The field {name[:40]!r} contains a control character (such as NUL or ESC). "
                "Remove it and send the form again.",
            )


def register_input_checks(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_control_characters)
