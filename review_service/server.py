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


def run(app: Any, server: ServerSettings) -> None:
    """Serve the WSGI ``app`` with gunicorn until it is stopped."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in server.gunicorn_options().items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()
