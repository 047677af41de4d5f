"""What the fuzz tests count and print.

Each target (an API operation, a page form) keeps a ``Tally`` of the requests it sent and the
server errors it got back, and records it at the end (pass or fail) for the "figures" section
the suite prints (tests/conftest.py): one line per target, and totals.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings

# A harder hunt, run by hand: FUZZ_SCALE=10 multiplies every fuzzer's examples by ten (SECURITY.md).
SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))


def fuzz_settings(max_examples: int) -> settings:
    """Up to ``max_examples`` per target (times ``FUZZ_SCALE``), no deadline (the machine may
    be busy), no example database (each run explores afresh; a failure prints the seed that
    repeats it)."""
    return settings(
        max_examples=max_examples * SCALE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@dataclass
class Tally:
    target: str
    total: str  # the name of the total this target's cases add to
    cases: int = 0
    server_errors: int = 0

    def saw(self, status: int) -> None:
        self.cases += 1
        if status >= 500:
            self.server_errors += 1

    def record(self, record_property: Callable[[str, Any], None]) -> None:
        record_property(
            "figure", f"fuzz {self.target}: {self.cases} cases, {self.server_errors} 5xx"
        )
        add_to_totals(record_property, self.total, self.cases, self.server_errors)


def add_to_totals(
    record_property: Callable[[str, Any], None], total: str, cases: int, server_errors: int
) -> None:
    """Add to the totals only (for a test that counts as it goes, one case at a time)."""
    record_property(f"count:{total}", cases)
    record_property("count:fuzz: cases in all", cases)
    record_property("count:fuzz: 5xx answers", server_errors)
