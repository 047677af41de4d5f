"""CPU time per request, in-process: the pages ``make bench`` measures, beside its floor page.

Not part of the service or the test suite. On a machine shared with other work, wall-clock
throughput is noisy; the CPU time a request costs the process is not. This seeds (or reuses)
the benchmark's SQLite database (scripts/bench.py, instance/bench/), makes the same fixtures,
builds the app with the production settings ``make bench`` serves with, and times N requests
per endpoint with the Flask test client, in interleaved rounds, beside the floor page
(scripts/bench_floor.py) under the same test client. "% of floor" is the floor's CPU per
request divided by the endpoint's: the in-process counterpart of make bench's figure (which also
pays gunicorn's and the HTTP client's share, so it is lower).

Usage: python scripts/bench_cpu.py [--cases 1000] [--database sqlite|postgresql] [-n 200]
       [--only staff_case,api_case] [--profile staff_case]   (pyinstrument, if installed)
       [--explain search]   (each statement of one request: its plan and median time)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
import bench_floor  # noqa: E402

KEYS = ("staff_case", "requester_case", "api_case", "deadlines")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("-n", type=int, default=200, help="requests per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=",".join(KEYS))
    parser.add_argument("--profile", default="", help="an endpoint key: profile it instead")
    parser.add_argument("--html", default="", help="an endpoint key: print its response")
    parser.add_argument("--sql", default="", help="an endpoint key: print its SQL instead")
    parser.add_argument(
        "--explain", default="", help="an endpoint key: each statement's plan and time instead"
    )
    args = parser.parse_args()

    target = bench.Target(args.database, args.cases)
    bench.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    bench.prepare(target)
    fixtures = bench.make_fixtures(target)
    points = {p.key: p for p in bench.endpoints(fixtures, bench.long_notice())}
    keys = [k for k in args.only.split(",") if k]

    os.environ.update(target.env())  # the production settings make bench serves with
    from review_service.app import create_app

    app = create_app({"DATABASE_URL": target.url, "RATELIMIT_ENABLED": False})
    client_for = bench.endpoint_clients(app, fixtures)

    def caller(key: str) -> Callable[[], Any]:
        point = points[key]
        client, headers = client_for(point)

        def call() -> Any:
            response = client.get(point.path, headers=headers)
            assert response.status_code == 200, (key, response.status_code)
            return response

        return call

    floor_client = bench_floor.floor_app().test_client()
    calls: dict[str, Callable[[], Any]] = {"floor": lambda: floor_client.get("/")}
    calls.update({key: caller(key) for key in keys})
    for call in calls.values():
        for _ in range(5):
            call()

    if args.html:
        sys.stdout.write(calls[args.html]().get_data(as_text=True))
        return

    if args.sql:
        from sqlalchemy import event

        from review_service.extensions import database

        statements: list[str] = []
        event.listen(
            database(app).engine, "before_cursor_execute", lambda *a: statements.append(a[2])
        )
        calls[args.sql]()
        for number, statement in enumerate(statements, 1):
            print(f"-- {number}\n{statement}")
        return

    if args.explain:
        explain(app, caller(args.explain), args.database, args.n)
        return

    if args.profile.startswith("c:"):  # cProfile, by own time
        import cProfile
        import pstats

        key = args.profile[2:]
        with cProfile.Profile() as profile:
            for _ in range(args.n):
                calls[key]()
        stats = pstats.Stats(profile).sort_stats("tottime")
        stats.print_stats(40)
        if os.environ.get("BENCH_CALLERS"):  # e.g. BENCH_CALLERS=get_current_url
            stats.print_callers(os.environ["BENCH_CALLERS"])
        return

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(args.n):
            calls[args.profile]()
        profiler.stop()
        print(
            profiler.output_text(
                unicode=True, color=False, show_all=bool(os.environ.get("BENCH_SHOW_ALL"))
            )
        )
        return

    cpu: dict[str, list[float]] = {key: [] for key in calls}
    for _ in range(args.rounds):
        for key, call in calls.items():
            started = time.process_time()
            for _ in range(args.n):
                call()
            cpu[key].append((time.process_time() - started) / args.n * 1000)
    floor = statistics.median(cpu["floor"])
    print(f"{target.label}: CPU ms per request, median of {args.rounds} rounds of {args.n}")
    print(f"{'endpoint':<16} {'ms':>8} {'% of floor':>11}")
    for key, values in cpu.items():
        ms = statistics.median(values)
        print(f"{key:<16} {ms:>8.3f} {floor / ms * 100:>10.1f}%")


def explain(app: Any, call: Callable[[], Any], dialect: str, repeat: int) -> None:
    """Each statement one request runs, with its plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
    QUERY PLAN on SQLite) and the median wall time of running it ``repeat`` times on its own:
    the database's share, which on PostgreSQL the process's CPU time does not see."""
    from sqlalchemy import event

    from review_service.extensions import database

    engine = database(app).engine
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    call()
    event.remove(engine, "before_cursor_execute", seen)
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for number, (statement, parameters) in enumerate(statements, 1):
            times = []
            for _ in range(max(1, repeat)):
                started = time.perf_counter()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            cursor.execute(prefix + statement, parameters)
            plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
            print(f"-- {number}: {statistics.median(times):.3f} ms\n{statement}\n{plan}\n")
        raw.rollback()
    finally:
        raw.close()


if __name__ == "__main__":
    main()
