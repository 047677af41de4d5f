"""The production HTTP server: gunicorn, with its worker count and class set by the operator.

``WEB_CONCURRENCY`` (worker processes) and ``WEB_THREADS`` (threads per worker) are the
usual names platforms set; ``review-service serve --workers/--threads`` override them. The
default is one worker per CPU core plus one, each with one thread (gunicorn's sync worker):
requests here are short and mostly wait on the database, so a few processes per core keep the
cores busy without the memory of many. With more than one thread gunicorn's threaded worker
(gthread) is used. The benchmark (``make bench``) serves its "floor" page with the same
settings through ``run`` so that the two are comparable.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from review_service.web.numbers import whole_number

MAX_WORKERS = 64
MAX_THREADS = 64


class ServerSettingError(ValueError):
    """WEB_CONCURRENCY or WEB_THREADS is not a usable number."""


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


def _setting(env: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    number = whole_number(raw, maximum=maximum)
    if number is None or number < 1:
        raise ServerSettingError(f"{name} must be a whole number from 1 to {maximum}, not {raw!r}")
    return number


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    workers: int
    threads: int
    access_log: bool = True
    hooks: dict[str, Callable[..., Any]] = field(default_factory=dict)

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def gunicorn_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "bind": f"{self.host}:{self.port}",
            "workers": self.workers,
            "threads": self.threads,
            "worker_class": self.worker_class,
            # Behind a load balancer: connections kept open a little longer than its idle time.
            "keepalive": 5,
            "timeout": 60,
            "graceful_timeout": 20,
        }
        if self.access_log:
            options["accesslog"] = "-"
        options.update(self.hooks)
        return options


def settings(
    host: str,
    port: int,
    *,
    workers: int | None = None,
    threads: int | None = None,
    env: Mapping[str, str] | None = None,
    access_log: bool = True,
    hooks: dict[str, Callable[..., Any]] | None = None,
) -> ServerSettings:
    """The server's settings: explicit values first, then WEB_CONCURRENCY / WEB_THREADS."""
    env = os.environ if env is None else env
    return ServerSettings(
        host=host,
        port=port,
        workers=workers or _setting(env, "WEB_CONCURRENCY", default_workers(), MAX_WORKERS),
        threads=threads or _setting(env, "WEB_THREADS", 1, MAX_THREADS),
        access_log=access_log,
        hooks=dict(hooks or {}),
    )


# A worker freezes what it holds after this many requests, and again every REFREEZE_EVERY.
FREEZE_AFTER_REQUESTS = 200
REFREEZE_EVERY = 1000


def _freeze_what_is_held() -> None:
    """Collect what is garbage, then move every object still alive into the collector's
    permanent generation, which its full collections never walk again."""
    gc.collect()
    gc.freeze()


def _collect_between_requests(
    hooks: dict[str, Callable[..., Any]],
) -> dict[str, Callable[..., Any]]:
    """gunicorn hooks (the operator's own kept, run first) that collect the cyclic garbage a
    request left (the young generations only) after its response is sent, and freeze what a
    worker holds once its first requests have filled its caches (compiled statements and
    templates, the calendars, the notice reader's), and again now and then for what later
    requests cached. Frozen objects freed by their reference counts are freed as ever; only a
    cycle among them that later becomes garbage would stay, so the caches frozen are the
    long-lived kind."""
    served = {"count": 0}
    theirs = hooks.get("post_request")

    def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
        if theirs is not None:
            theirs(worker, req, environ, resp)
        served["count"] += 1
        count = served["count"]
        if count == FREEZE_AFTER_REQUESTS or count % REFREEZE_EVERY == 0:
            _freeze_what_is_held()
        else:
            gc.collect(1)  # the young generations: this request's garbage, not all it holds

    return {**hooks, "post_request": post_request}


def gunicorn_config(server: ServerSettings) -> dict[str, Any]:
    """The settings ``run`` gives gunicorn: the server's, with the collector's hooks."""
    options = server.gunicorn_options()
    options.update(_collect_between_requests({k: v for k, v in options.items() if callable(v)}))
    return options


def run(app: Any, server: ServerSettings) -> None:
    """Serve the WSGI ``app`` with gunicorn until it is stopped.

    Python's cyclic garbage collector walks every object a process holds on each full
    collection, and a request here makes enough objects (ORM rows, a page's markup) to set
    one off every few requests: with the app, its libraries and their caches loaded (~200,000
    objects), each took 150-350 ms in a worker, measured under ``make bench`` (the staff
    queue's 95th percentile on PostgreSQL was 58 ms against a median of 13), and a pack
    PDF's pypdf and reportlab objects leave ~13,000 objects of cyclic garbage for whichever
    request comes next to pay for. What the app is built from is made before the workers
    fork and what their first requests cache lasts as long as they do, so both are frozen
    (``gc.freeze``: never walked again), and each worker collects a request's own garbage
    once its response is sent (the pack's after a pack), not while someone else waits."""
    from gunicorn.app.base import BaseApplication

    options = gunicorn_config(server)

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    _freeze_what_is_held()  # in the master, before the workers fork: they inherit it frozen
    Server().run()
