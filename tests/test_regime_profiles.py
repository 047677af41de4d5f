"""Issue 11: each law's and each regulator's rules live in one profile in domain/ (RegimeRules in
domain/regimes.py, Regulator in domain/regulators.py). Pages, letters, packs, e-mails and the API
read the profile; they do not branch on the regime or the regulator themselves, which is how the
wrong words and clocks crept in before.

This test reads the package (outside domain/) and the templates for such branching: comparisons
with a Regime member or a regime/regulator code ("foia", "eir", "foisa", "ico", "sic"), and
tables keyed by Regime members. Add a fact to the profile instead (docs/adding-a-regime.md).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from review_service.config import REPO_ROOT

PACKAGE = REPO_ROOT / "review_service"
TEMPLATES = REPO_ROOT / "templates"
CODES = {"foia", "eir", "foisa", "ico", "sic"}

# Outside the rule, with the reason.
EXEMPT = {
    # Builds a synthetic history for load tests (never run in production): how often each law
    # and exemption occurs is test data, not a rule of the service.
    "review_service/seed_load.py": "synthetic load-test data",
}

# Branching still to be moved into the profiles: file -> findings. The count may only go down.
KNOWN: dict[str, int] = {}  # none left: keep it that way


def _is_regime_member(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value  # Regime.EIR.value
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Regime"
        and node.attr in {"FOIA", "EIR", "FOISA"}
    )


def _is_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CODES


def python_findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_regime_member(o) or _is_code(o) for o in operands):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Dict) and any(
            key is not None and _is_regime_member(key) for key in node.keys
        ):
            found.append(f"line {node.lineno}: a table keyed by Regime members")
    return sorted(found, key=lambda line: int(line.split(":")[0].removeprefix("line ")))


_TEMPLATE_BRANCH = re.compile(
    r"""(==|!=)\s*["'](?:foia|eir|foisa|ico|sic)["']|["'](?:foia|eir|foisa|ico|sic)["']\s*(==|!=)"""
    r"""|\bis_(?:foia|eir|foisa|ico|sic)\b"""
)


def template_findings(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _TEMPLATE_BRANCH.search(line):
            found.append(f"line {number}: {line.strip()[:120]}")
    return found


def all_findings() -> dict[str, list[str]]:
    findings: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(REPO_ROOT).as_posix()
        if relative.startswith("review_service/domain/") or relative in EXEMPT:
            continue
        if found := python_findings(path):
            findings[relative] = found
    for path in sorted(TEMPLATES.rglob("*.html")):
        if found := template_findings(path):
            findings[path.relative_to(REPO_ROOT).as_posix()] = found
    return findings


def test_no_regime_or_regulator_branching_outside_domain() -> None:
    findings = all_findings()
    new = {path: lines for path, lines in findings.items() if len(lines) > KNOWN.get(path, 0)}
    assert not new, (
        "Regime or regulator branching outside domain/: read domain.regimes.rules_for(regime) "
        "or domain.regulators.regulator_for(regime) instead.\n"
        + "\n".join(f"{path}: {line}" for path, lines in new.items() for line in lines)
    )


def test_the_known_list_only_shrinks() -> None:
    findings = Counter({path: len(lines) for path, lines in all_findings().items()})
    stale = {path: count for path, count in KNOWN.items() if findings[path] < count}
    assert not stale, f"Fewer findings than KNOWN lists; lower these entries: {stale}"


def test_the_scanner_finds_what_it_should(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "if Regime(case.regime) is Regime.FOISA:\n    pass\n"
        "x = 'a' if regulator.code == 'sic' else 'b'\n"
        "T = {Regime.EIR: 1}\n"
        "ok = rules_for(case.regime).review_name\n",
        encoding="utf-8",
    )
    assert sorted(line.split(":")[0] for line in python_findings(sample)) == [
        "line 1",
        "line 3",
        "line 4",
    ]
    page = tmp_path / "page.html"
    page.write_text(
        '{{ "application" if regulator.code == "sic" else "complaint" }}\n{{ rules.review_name }}\n'
        "{% if is_foisa %}x{% endif %}\n",
        encoding="utf-8",
    )
    assert [line.split(":")[0] for line in template_findings(page)] == ["line 1", "line 3"]
