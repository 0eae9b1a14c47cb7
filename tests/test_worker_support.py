"""Job functions and helpers for the worker tests (imported by worker subprocesses too).

Kept in a module of its own so a worker started with ``PYTHONPATH=tests`` can
import the jobs by name, exactly as a user's worker imports theirs.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).parent


def record(payload: dict[str, Any]) -> str:
    """Counts its executions in Redis: the chaos test reads the counts back."""
    from rq import get_current_job

    job = get_current_job()
    assert job is not None
    job.connection.hincrby(payload["runs_key"], job.id, 1)
    return job.id


def held(payload: dict[str, Any]) -> str:
    """Runs until the test sets ``payload["release"]`` in Redis (or for at most
    ``HANG_GUARD_S``): a job whose end the test decides, whatever the machine's load."""
    from rq import get_current_job

    job = get_current_job()
    assert job is not None
    deadline = time.monotonic() + HANG_GUARD_S
    while not job.connection.exists(payload["release"]):
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    return job.id


HANG_GUARD_S = 120.0
"""How long a test waits for something that should happen: only a guard against a
hang, never a measure of speed (`benchmarks/worker.py` measures that)."""


def worker_env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH", "")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONUNBUFFERED="1", **extra)


def start_worker(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "opsdoc.worker", "run", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or worker_env(),
    )


def events(stdout: str) -> list[dict[str, Any]]:
    out = []
    for line in stdout.splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


def wait_for(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def free_port_local() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
