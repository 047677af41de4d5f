"""The lock files pin every dependency pyproject.toml names, at a version its range allows.

`make run` and `make test` install only what requirements/*.lock pins (with hashes), so a
dependency added to pyproject.toml without `make lock` would be missing on the next machine.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def hashed_blocks(lock: Path) -> list[str]:
    """Each pinned requirement with its continuation lines."""
    blocks: list[str] = []
    for line in lock.read_text().splitlines():
        if PIN.match(line):
            blocks.append(line)
        elif blocks and line.startswith("    "):
            blocks[-1] += "\n" + line
    return blocks


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(("lock_name", "extras"), [("run.lock", []), ("test.lock", ["test"])])
def test_lock_pins_every_declared_dependency(lock_name: str, extras: list[str]) -> None:
    declared = list(project()["dependencies"])
    for extra in extras:
        declared += project()["optional-dependencies"][extra]
    pinned = pins(ROOT / "requirements" / lock_name)
    problems = []
    for text in declared:
        requirement = Requirement(text)
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in {lock_name}")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} does not satisfy '{text}'")
    assert not problems, "run `make lock` and commit requirements/*.lock: " + "; ".join(problems)


@pytest.mark.parametrize("lock_name", ["run.lock", "test.lock"])
def test_every_pin_carries_hashes(lock_name: str) -> None:
    blocks = hashed_blocks(ROOT / "requirements" / lock_name)
    assert blocks
    unhashed = [block.split()[0] for block in blocks if "--hash=sha256:" not in block]
    assert not unhashed


def test_pins_without_the_test_tools_agree_between_the_two_locks() -> None:
    run = pins(ROOT / "requirements" / "run.lock")
    test = pins(ROOT / "requirements" / "test.lock")
    differing = {
        name: (version, test.get(name))
        for name, version in run.items()
        if test.get(name) != version
    }
    assert not differing, f"run.lock and test.lock disagree: {differing}"
