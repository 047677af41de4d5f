"""The in-process PDF timings of ``make bench`` (outcome letter preview, pack PDF with five
documents), alone and comparable between two checkouts in one run.

    .venv/bin/python scripts/bench_pdf.py [--rounds 5] [--iterations 8] [--against DIR]
                                          [--database sqlite|postgresql] [--cases 1000]

It seeds (or reuses) the bench database of scripts/bench.py and its fixtures (a case with a
complete saved decision, a decided case with five documents), then times each rendering the
way ``scripts/bench.py`` does (``session.expire_all()``, then the service call; the first
iteration is left out) in a child process per round. With ``--against DIR`` (another checkout,
e.g. one made with ``git worktree add``/``git archive`` of main) the rounds alternate between
that code and this checkout's, so both are measured under the same load on a shared machine.
It reports medians of wall time (``perf_counter``) and of the process's CPU time
(``process_time``), and the ratio of this checkout to the other.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
args = json.loads(sys.argv[2])
from sqlalchemy import select
from review_service import clock
from review_service.accounts.models import User
from review_service.app import create_app
from review_service.cases.models import Case
from review_service.extensions import database, db_session
try:
    from review_service.regulator.pack_bundles import build_complaint_pack
except ImportError:  # a checkout from before regulator/pack.py was split
    from review_service.regulator.pack import build_complaint_pack
from review_service.regulator.pack_pdf import render_pack
from review_service.reviews.services import preview_outcome_letter

app = create_app({"DATABASE_URL": args["url"], "SECRET_KEY": "x" * 64,
                  "UPLOAD_DIR": args["upload_dir"]})
out = {"letter": [], "pack": [], "letter_cpu": [], "pack_cpu": []}
with app.app_context():
    session = db_session()
    reviewer = session.scalar(select(User).where(User.email == args["reviewer"]))
    preview = session.scalar(select(Case).where(Case.reference == args["preview_case"]))
    pack = session.scalar(select(Case).where(Case.reference == args["pack_case"]))
    for n in range(args["iterations"] + 1):
        session.expire_all()
        started, cpu = time.perf_counter(), time.process_time()
        preview_outcome_letter(session, reviewer, preview)
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        if n:
            out["letter"].append(wall * 1000)
            out["letter_cpu"].append(used * 1000)
        session.expire_all()
        started, cpu = time.perf_counter(), time.process_time()
        render_pack(build_complaint_pack(session, pack, today=clock.today()))
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        if n:
            out["pack"].append(wall * 1000)
            out["pack_cpu"].append(used * 1000)
database(app).engine.dispose()
print("RESULT " + json.dumps(out))
"""


def _round(code: Path, args: dict[str, object]) -> dict[str, list[float]]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHILD, str(code), json.dumps(args)],
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))  # type: ignore[no-any-return]
    raise SystemExit(f"{code}: {done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=7)
    parser.add_argument("--against", type=Path, default=None)
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--cases", type=int, default=1000)
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT / "scripts"))
    import bench  # noqa: PLC0415 - the script's own helpers, after sys.path is set

    target = bench.Target(options.database, options.cases)
    bench.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    bench.prepare(target)
    fixtures = bench.make_fixtures(target)
    args = {
        "url": target.url,
        "upload_dir": str(target.upload_dir),
        "reviewer": fixtures.reviewer,
        "preview_case": fixtures.preview_case,
        "pack_case": fixtures.pack_case,
        "iterations": options.iterations,
    }
    codes = {"this": ROOT}
    if options.against is not None:
        codes = {"other": options.against.resolve(), "this": ROOT}
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in codes}
    for n in range(options.rounds):
        for name, code in codes.items():
            result = _round(code, args)
            for key, values in result.items():
                samples[name].setdefault(key, []).extend(values)
        print(f"round {n + 1}/{options.rounds} done", file=sys.stderr, flush=True)
    medians = {
        name: {key: statistics.median(values) for key, values in found.items()}
        for name, found in samples.items()
    }
    print(f"{target.label}: median ms of {options.rounds} × {options.iterations} renderings")
    for name, found in medians.items():
        print(
            f"  {name:5} ({codes[name]}): letter preview {found['letter']:.1f} ms "
            f"(CPU {found['letter_cpu']:.1f}), pack PDF {found['pack']:.1f} ms "
            f"(CPU {found['pack_cpu']:.1f})"
        )
    if "other" in medians:
        this, other = medians["this"], medians["other"]
        print(
            "  this/other: letter wall "
            f"{this['letter'] / other['letter']:.2f}, CPU "
            f"{this['letter_cpu'] / other['letter_cpu']:.2f}; pack wall "
            f"{this['pack'] / other['pack']:.2f}, CPU {this['pack_cpu'] / other['pack_cpu']:.2f}"
        )


if __name__ == "__main__":
    main()
