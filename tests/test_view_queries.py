"""Views do not query (issue 14): every module that defines a blueprint reads through its area's
``queries.py`` or services, never by building a statement on the models itself.

Read with ``ast``, so a query written inside a function, or a model imported there, is found as
well as one at the top of the module. Imports under ``if TYPE_CHECKING:`` are types only and do
not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "review_service"

# What a view may take from SQLAlchemy: the session's type and the errors it raises.
SQLALCHEMY_ALLOWED = {("sqlalchemy.orm", "Session"), ("sqlalchemy.exc", "IntegrityError")}
# Model names a view may import: the role enum and its role sets, and the two types that pages
# pass around as what ``case_for`` and the login give them (they are never queried here: the
# calls below are refused whatever the model).
MODEL_NAMES_ALLOWED = {"Role", "STAFF_ROLES", "CASEWORK_ROLES", "User", "Case"}
# Session methods that run a statement or load a row.
QUERY_METHODS = {"scalars", "scalar", "execute", "query", "get"}
SESSION_NAMES = {"session", "db_session"}


def _view_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Blueprint"
            for node in ast.walk(tree)
        ):
            found.append(path)
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def _is_session(node: ast.expr) -> bool:
    """``session``, ``self.session`` or ``db_session()``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr in SESSION_NAMES
    return isinstance(node, ast.Name) and node.id in SESSION_NAMES


def findings(path: Path) -> list[str]:
    return findings_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))


def findings_in(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    skipped = _type_checking_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            names = {alias.name for alias in node.names}
            if module == "sqlalchemy" or module.startswith("sqlalchemy."):
                for name in sorted(names):
                    if (module, name) not in SQLALCHEMY_ALLOWED:
                        found.append(f"{where} imports {name} from {module}")
            elif module == "review_service.models" or module.endswith(".models"):
                for name in sorted(names - MODEL_NAMES_ALLOWED):
                    found.append(f"{where} imports the model {name} from {module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy" or alias.name.endswith(".models"):
                    found.append(f"{where} imports {alias.name}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and _is_session(node.func.value)
        ):
            found.append(f"{where} calls the session's {node.func.attr}()")
    return found


def test_the_scan_finds_the_blueprints() -> None:
    names = {str(path.relative_to(PACKAGE)) for path in _view_modules()}
    assert {"staff/views.py", "cases/views.py", "api/views.py", "web/public.py"} <= names


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import select\n",
        "from review_service.letters.models import Letter\n",
        "def page(session):\n    return session.scalars(1)\n",
        "def page():\n    return db_session().get(1, 2)\n",
        "def page():\n    from review_service.models import Authority\n",
    ],
)
def test_the_scan_catches_a_query(source: str) -> None:
    assert findings_in(source, "probe.py")


def test_types_only_imports_are_not_queries() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from sqlalchemy.orm import Session\n"
        "from review_service.accounts.models import Role, User\n"
        "if TYPE_CHECKING:\n"
        "    from review_service.reviews.models import ReviewDecision\n"
        "def page(session):\n"
        "    return request.args.get('q')\n"
    )
    assert findings_in(source, "probe.py") == []


def test_no_view_module_queries() -> None:
    found = [line for path in _view_modules() for line in findings(path)]
    assert not found, "Move these into the area's queries.py (or a service):\n" + "\n".join(found)
