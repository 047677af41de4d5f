"""Servers the tests start in a subprocess of their own process group (``start_new_session``):
``stop_server`` ends one and every worker it forked."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the gunicorn master; if it has not gone in 10 s, SIGKILL its whole process
    group so no worker outlives the test."""
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.returncode is None:
        process.wait(timeout=5)
