"""The production server's worker settings: the operator's numbers, or a default for the machine."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from review_service import server
from review_service.cli import main


def test_default_is_one_sync_worker_per_core_plus_one() -> None:
    settings = server.settings("127.0.0.1", 5000, env={})
    assert settings.workers == (os.cpu_count() or 1) + 1
    assert settings.threads == 1 and settings.worker_class == "sync"
    options = settings.gunicorn_options()
    assert options["bind"] == "127.0.0.1:5000" and options["worker_class"] == "sync"


def test_operator_sets_workers_and_threads_by_environment_or_option() -> None:
    env = {"WEB_CONCURRENCY": "7", "WEB_THREADS": "4"}
    settings = server.settings("0.0.0.0", 8000, env=env)  # noqa: S104 - not bound here
    assert (settings.workers, settings.threads, settings.worker_class) == (7, 4, "gthread")
    explicit = server.settings("127.0.0.1", 8000, workers=3, threads=1, env=env)
    assert (explicit.workers, explicit.threads) == (3, 1)


@pytest.mark.parametrize("value", ["0", "-1", "two", "65", "1.5", "²", "١٢"])
def test_a_bad_worker_count_is_refused_plainly(value: str) -> None:
    with pytest.raises(server.ServerSettingError, match="WEB_CONCURRENCY must be a whole number"):
        server.settings("127.0.0.1", 5000, env={"WEB_CONCURRENCY": value})


def test_serve_refuses_a_bad_worker_count_before_starting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_THREADS", "lots")
    result = CliRunner().invoke(main, ["serve", "--port", "5999"])
    assert result.exit_code == 1
    assert "WEB_THREADS must be a whole number from 1 to 64, not 'lots'" in result.output


class _Cycle:
    """An object in a reference cycle with itself: freed only by the cyclic collector."""

    def __init__(self) -> None:
        self.me = self


def _after_request(options: dict[str, object]) -> None:
    hook = options["post_request"]
    assert callable(hook)
    hook(None, None, {}, None)


def test_a_worker_frees_a_request_s_cyclic_garbage_once_its_response_is_sent() -> None:
    """A pack PDF's pypdf and reportlab objects leave thousands of objects in cycles: freed
    after that request's response, not in whichever request the collector next stops."""
    import gc
    import weakref

    options = server.gunicorn_config(server.settings("127.0.0.1", 5000, env={}))
    gc.disable()
    try:
        garbage = _Cycle()
        alive = weakref.ref(garbage)
        del garbage
        assert alive() is not None  # only the cyclic collector can free it
        _after_request(options)
        assert alive() is None
    finally:
        gc.enable()


def test_a_worker_freezes_what_it_holds_once_warm_and_keeps_the_operator_s_hook() -> None:
    """What the first requests cache (compiled statements, templates, calendars) is moved out
    of the collector's sight once, so a full collection no longer walks ~200,000 objects."""
    import gc

    calls: list[object] = []

    def theirs(worker: object, req: object, environ: object, resp: object) -> None:
        calls.append(req)

    settings = server.settings("127.0.0.1", 5000, env={}, hooks={"post_request": theirs})
    options = server.gunicorn_config(settings)
    held = [{"kept": n} for n in range(1000)]  # a cache the worker keeps
    before = gc.get_freeze_count()
    try:
        for _ in range(server.FREEZE_AFTER_REQUESTS - 1):
            _after_request(options)
        assert gc.get_freeze_count() == before
        _after_request(options)
        assert gc.get_freeze_count() >= before + len(held)
    finally:
        gc.unfreeze()
    assert len(calls) == server.FREEZE_AFTER_REQUESTS
