"""Shared fixtures: real servers on free ports, torn down after.

Under ``CI=true`` a missing component is a failure, never a skip: a green CI
must mean the tests really ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

# Incident cases and fixtures are code under diagnosis, not tests of ours (some fixtures
# reproduce a project's own test modules, test_*.py names included).
collect_ignore_glob = ["incidents/*", "fixtures/*"]


def missing(component: str, hint: str) -> None:
    """Fail in CI, skip on a developer machine."""
    message = f"{component} is not available: {hint}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"server exited with code {proc.returncode} before listening on {port}"
            )
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server for the whole session (tests flush what they use)."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server", "apt-get install -y redis-server")
    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 60, proc)  # a hang guard: start-up is slow under load
        yield RedisServer(port, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class PubSubEmulator:
    host: str
    project: str = "opsdoc-test"


@pytest.fixture(scope="session")
def pubsub_emulator() -> Iterator[PubSubEmulator]:
    """The real Google Pub/Sub emulator (gcloud beta emulators pubsub start)."""
    gcloud = shutil.which("gcloud")
    if gcloud is None or shutil.which("java") is None:
        missing(
            "the Pub/Sub emulator",
            "install the Google Cloud SDK with the pubsub-emulator component and Java",
        )
    port = free_port()
    proc = subprocess.Popen(
        [
            gcloud,
            "beta",
            "emulators",
            "pubsub",
            "start",
            f"--host-port=127.0.0.1:{port}",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, 60, proc)
        yield PubSubEmulator(host=f"127.0.0.1:{port}")
    finally:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Iterator[object]:
    """pytest-snapshot's fixture, sharing syrupy's ``--snapshot-update`` flag.

    pytest-snapshot (CLI, JSON, SARIF outputs) and pytest-textual-snapshot (via
    syrupy, TUI screens) both define ``--snapshot-update``; two plugins cannot
    own one option, so pytest-snapshot's plugin is disabled in pyproject and its
    fixture is provided here. TUI tests under ``tests/tui/`` get syrupy's own.
    """
    from pytest_snapshot.plugin import Snapshot, _get_default_snapshot_dir

    update = bool(request.config.getoption("--snapshot-update", default=False))
    with Snapshot(update, False, _get_default_snapshot_dir(request.node)) as snap:
        yield snap


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test (and the processes it starts) gets its own cache directory."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache
