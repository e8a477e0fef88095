"""practice/domain stays pure: no web framework, no ORM, nothing of practice outside it
(import-linter checks the same in `make lint`; this test keeps it in the suite)."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "practice" / "domain"
FORBIDDEN = ("flask", "sqlalchemy", "werkzeug", "flask_sqlalchemy", "practice.models")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_neither_flask_nor_sqlalchemy():
    files = sorted(DOMAIN.rglob("*.py"))
    assert files, "no domain modules found"
    offenders = {
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
        or name.startswith(FORBIDDEN)
        or (name.startswith("practice") and not name.startswith("practice.domain"))
    }
    assert offenders == set()
