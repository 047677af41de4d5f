"""The machine's real Redis for the tests that need shared storage (rate limits, and any
later test of several workers or instances).

``redis_url`` (session-scoped) is the server's URL: ``TEST_REDIS_URL``, by default
``redis://127.0.0.1:6379/0``. When nothing answers there the test is skipped, except with
``CI=true``, where it fails: CI must not pass by skipping (as for PostgreSQL).

``redis_prefix`` is a key prefix unique to one test. Give it to whatever writes to Redis
(``RATELIMIT_KEY_PREFIX`` for the rate limits); afterwards every key containing it is
deleted, one by one. Never FLUSHALL or FLUSHDB: other test runs and other checkouts share
the server.

tests/conftest.py imports both, so every test module can ask for them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers(url: str = REDIS_URL) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not redis_answers():
        # Redis runs on every machine this project is built on, as PostgreSQL does: a test
        # that needs it fails rather than passing unchecked.
        pytest.fail(
            f"Redis does not answer at {REDIS_URL}: the rate-limit and session tests need it "
            "(start it with: redis-server --port 6379 --save '' --daemonize yes).",
            pytrace=False,
        )
    return REDIS_URL


def delete_keys_containing(url: str, text: str) -> int:
    """Delete every key whose name contains ``text`` (SCAN, then DEL in batches)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"*{text}*", count=500))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        return len(keys)
    finally:
        client.close()


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"review-service-test-{uuid.uuid4().hex}"
    yield prefix
    delete_keys_containing(redis_url, prefix)
