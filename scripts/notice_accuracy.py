"""How well the notice reader reads the fixture notices (not part of the test suite).

Run from the repository root:  .venv/bin/python scripts/notice_accuracy.py

It reads every notice in tests/fixtures/notices/ and compares the reader's findings with
expected.json, field by field: the provisions relied on (exactly the same list), the provisions
with their neither-confirm-nor-deny flags, the reference, the date, the regime, the review window
and the warnings. `--reader PATH` measures another version of the reader module instead (for
example an older one taken out with `git show REV:review_service/domain/notice_reader.py`),
`--fixtures DIR` scores another folder of notices with its own expected.json (a batch written
blind, before the reader saw it), `--verbose` lists the notices each field gets wrong, and `--time`
also times the reader on the real notice in shared/samples/ and on the longest fixture (median of
20 reads, processor time and elapsed time: machines here are shared, so the processor time is the
steadier figure).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_service.domain.notice_reader import read_notice  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "notices"

FIELDS: dict[str, Callable[[dict[str, Any]], object]] = {
    "provisions exact": lambda r: [p["provision"] for p in r["provisions"]],
    "provisions and NCND exact": lambda r: [(p["provision"], p["ncnd"]) for p in r["provisions"]],
    "reference": lambda r: r["reference"],
    "date": lambda r: r["date"],
    "regime": lambda r: r["regime"],
    "review window": lambda r: r["review_window_working_days"],
    "warnings": lambda r: r["warnings"],
}


def reader_from(path: Path) -> Callable[[str], Any]:
    spec = importlib.util.spec_from_file_location("measured_notice_reader", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Cannot load a reader from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.read_notice  # type: ignore[no-any-return]


SAMPLE = "mps-refusal-notice-2018030000548.txt"


def timings(read: Callable[[str], Any]) -> None:
    # shared/ sits beside a clone (CI) or further up (a worktree)
    samples = [folder / "shared" / "samples" / SAMPLE for folder in ROOT.parents]
    texts = [(path.name, path) for path in samples if path.exists()][:1]
    longest = max(FIXTURES.glob("*.txt"), key=lambda path: path.stat().st_size)
    texts.append((f"longest fixture, {longest.name}", longest))
    for label, path in texts:
        text = path.read_text(encoding="utf-8")
        processor, elapsed = [], []
        for _ in range(20):
            started, clock = time.process_time(), time.perf_counter()
            read(text)
            processor.append(time.process_time() - started)
            elapsed.append(time.perf_counter() - clock)
        print(
            f"  {label} ({len(text):,} characters): {statistics.median(processor) * 1000:.1f} ms "
            f"processor, {statistics.median(elapsed) * 1000:.1f} ms elapsed (medians of 20)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reader", type=Path, help="a notice_reader.py to measure instead")
    parser.add_argument(
        "--fixtures", type=Path, default=FIXTURES, help="a folder of notices with expected.json"
    )
    parser.add_argument("--verbose", action="store_true", help="list the notices read wrongly")
    parser.add_argument("--time", action="store_true", help="time the reader too")
    args = parser.parse_args()
    read = reader_from(args.reader) if args.reader else read_notice

    folder = args.fixtures.resolve()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    wrong: dict[str, list[str]] = {field: [] for field in FIELDS}
    for name, want in sorted(expected.items()):
        reading = read((folder / name).read_text(encoding="utf-8"))
        got = {**reading.to_json(), "warnings": list(reading.warnings)}
        for field, value in FIELDS.items():
            if value(got) != value(want):
                wrong[field].append(name)

    total = len(expected)
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    print(f"{total} fixture notices in {shown}")
    for field, names in wrong.items():
        right = total - len(names)
        print(f"  {field:<27} {right:>3}/{total}  {100 * right / total:5.1f}%")
        if args.verbose:
            for name in names:
                print(f"      wrong: {name}")
    if args.time:
        print("time to read:")
        timings(read)


if __name__ == "__main__":
    main()
