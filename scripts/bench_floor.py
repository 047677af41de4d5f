"""The benchmark's "floor": a trivial page under the same gunicorn settings as the service.

Not part of the service. ``make bench`` serves it beside ``review-service serve`` and reports
each endpoint's throughput as a percentage of this page's, measured in the same round, so the
figures say how much of the server's capacity each page needs whatever the machine's load.

Usage: python scripts/bench_floor.py --port PORT
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_service import server  # noqa: E402

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Floor</title></head>"
    "<body><h1>Floor</h1><p>A page that does nothing.</p></body></html>"
)


def floor_app() -> Flask:
    app = Flask("bench_floor")

    @app.get("/")
    def floor() -> str:
        return PAGE

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    sys.argv = sys.argv[:1]
    server.run(floor_app(), server.settings(args.host, args.port))


if __name__ == "__main__":
    main()
