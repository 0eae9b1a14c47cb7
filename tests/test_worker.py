"""The reference worker on a real redis-server: drain, serve, signals, heartbeats, failures."""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_worker_support import HANG_GUARD_S, events, free_port_local, start_worker, wait_for

from opsdoc.cli import UsageError
from opsdoc.worker import cli

CANARY = "opsdoc.worker.handlers.canary"
HELD = "test_worker_support.held"


@pytest.fixture
def redis_url(redis_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from redis import Redis

    url = f"redis://127.0.0.1:{redis_server.port}/3"
    conn = Redis.from_url(url)
    conn.flushdb()
    yield url
    conn.flushdb()


@pytest.fixture
def queue(redis_url: str):  # type: ignore[no-untyped-def]
    from redis import Redis
    from rq import Queue

    return Queue(f"q-{uuid.uuid4().hex[:8]}", connection=Redis.from_url(redis_url))


def rq_args(url: str, queue_name: str, *extra: str) -> list[str]:
    return ["--backend", "rq", "--redis", url, "--queue", queue_name, *extra]


def finish(proc: subprocess.Popen[str], timeout: float = HANG_GUARD_S) -> tuple[int, list[dict]]:
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, events(out)


def test_drain_exits_on_empty_queue(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    """How soon it exits (about one pull timeout) is measured by `benchmarks/worker.py`."""
    proc = start_worker(*rq_args(redis_url, queue.name, "--pull-timeout", "1"))
    code, evs = finish(proc)
    assert code == 0
    assert [e["event"] for e in evs] == ["worker.started", "worker.exit"]
    assert evs[-1]["reason"] == "queue empty"
    assert (evs[-1]["succeeded"], evs[-1]["failed"], evs[-1]["returned"]) == (0, 0, 0)


def test_failing_handler_marks_the_job_failed_and_drain_exits_nonzero(
    redis_url: str, queue
) -> None:  # type: ignore[no-untyped-def]
    ok = queue.enqueue(CANARY, {"token": "a"})
    bad = queue.enqueue(CANARY, {"token": "b", "fail": True})
    code, evs = finish(start_worker(*rq_args(redis_url, queue.name, "--pull-timeout", "0.5")))
    assert code == 1
    assert ok.get_status(refresh=True) == "finished"
    assert ok.return_value()["canary"] == "a"
    assert bad.get_status(refresh=True) == "failed"
    assert bad.id in queue.failed_job_registry.get_job_ids()
    failed = [e for e in evs if e["event"] == "job.failed"]
    assert [e["job"] for e in failed] == [bad.id]
    assert "asked to fail" in failed[0]["error"]
    assert all(json.dumps(e) for e in evs)  # every stdout line is one JSON object


def test_retry_policy_reruns_a_failing_job_then_fails_it(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    bad = queue.enqueue(CANARY, {"fail": True})
    args = rq_args(redis_url, queue.name, "--pull-timeout", "1.5", "--retries", "2",
                   "--retry-backoff", "0")  # fmt: skip
    code, evs = finish(start_worker(*args))
    assert code == 1
    assert [e["event"] for e in evs if e.get("job") == bad.id and e["event"] != "job.started"] == [
        "job.retrying",
        "job.retrying",
        "job.failed",
    ]
    assert bad.get_status(refresh=True) == "failed"


def test_serve_finishes_the_job_in_flight_on_sigterm(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    """Order, not speed: the job starts, SIGTERM is sent while the test holds it, and
    only then does the test let it end; the worker finishes it and exits.

    The handler runs in the worker's main thread, so the pending SIGTERM is handled
    before the job can see its release: the job was in flight at the signal.
    """
    release = f"release-{uuid.uuid4().hex[:8]}"
    job = queue.enqueue(HELD, {"release": release})
    proc = start_worker(*rq_args(redis_url, queue.name, "--mode", "serve", "--grace", "300"))
    try:
        assert wait_for(lambda: job.get_status(refresh=True) == "started", HANG_GUARD_S)
        proc.send_signal(signal.SIGTERM)
        queue.connection.set(release, 1)
        code, evs = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0
    assert job.get_status(refresh=True) == "finished"
    names = [e["event"] for e in evs]
    assert names[-3:] == ["job.succeeded", "worker.warm_shutdown", "worker.exit"]
    assert "job.returned" not in names
    assert evs[-1]["reason"] == "SIGTERM received"


def test_serve_hands_the_job_back_when_the_grace_period_runs_out(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    """The worker exits while the test still holds the job: it did not wait for it.
    How soon after the grace period it exits is measured by `benchmarks/worker.py`."""
    release = f"release-{uuid.uuid4().hex[:8]}"
    job = queue.enqueue(HELD, {"release": release})
    proc = start_worker(*rq_args(redis_url, queue.name, "--mode", "serve", "--grace", "1"))
    assert wait_for(lambda: job.get_status(refresh=True) == "started", HANG_GUARD_S)
    proc.send_signal(signal.SIGTERM)
    code, evs = finish(proc)
    assert not queue.connection.exists(release)  # never released: the job was still held
    assert code == 0
    assert job.get_status(refresh=True) == "queued"
    assert queue.get_job_ids() == [job.id]
    assert not queue.started_job_registry.get_job_ids()
    assert any(e["event"] == "job.returned" for e in evs)


def test_serve_registers_as_an_rq_worker_and_unregisters_on_exit(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    from rq import Worker

    started = datetime.now(UTC).replace(microsecond=0)
    proc = start_worker(*rq_args(redis_url, queue.name, "--mode", "serve", "--name", "ref-1"))
    try:
        assert wait_for(
            lambda: [w.name for w in Worker.all(queue=queue)] == ["ref-1"], HANG_GUARD_S
        )
        worker = Worker.find_by_key("rq:worker:ref-1", connection=queue.connection)
        assert worker is not None and worker.last_heartbeat is not None
        # Written by this worker since it started (not a stale key), and not in the future.
        assert started <= worker.last_heartbeat.replace(tzinfo=UTC) <= datetime.now(UTC)
    finally:
        proc.send_signal(signal.SIGTERM)
        finish(proc)
    assert Worker.all(queue=queue) == []


def test_sigkilled_job_is_put_back_by_the_next_worker(redis_url: str, queue) -> None:  # type: ignore[no-untyped-def]
    job = queue.enqueue(CANARY, {"sleep_s": 2})
    proc = start_worker(*rq_args(redis_url, queue.name, "--mode", "serve"))
    assert wait_for(lambda: job.get_status(refresh=True) == "started", HANG_GUARD_S)
    proc.kill()
    proc.communicate()
    assert queue.get_job_ids() == []  # only the dead worker's in-flight list holds it now
    code, evs = finish(start_worker(*rq_args(redis_url, queue.name, "--pull-timeout", "0.5")))
    assert code == 0
    assert [e["job"] for e in evs if e["event"] == "job.recovered"] == [job.id]
    assert job.get_status(refresh=True) == "finished"
    assert not queue.started_job_registry.get_job_ids()


def test_hung_handler_makes_the_heartbeat_stale(redis_url: str, queue, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status = tmp_path / "status.json"
    port = free_port_local()
    job = queue.enqueue(CANARY, {"sleep_s": 60})
    args = rq_args(redis_url, queue.name, "--mode", "serve", "--heartbeat", "0.5",
                   "--heartbeat-grace", "0.5", "--status-file", str(status),
                   "--health-port", str(port), "--grace", "0")  # fmt: skip
    proc = start_worker(*args)
    try:
        assert wait_for(lambda: job.get_status(refresh=True) == "started", HANG_GUARD_S)
        # The health endpoint answers while the handler hangs (200 while the heartbeat is
        # fresh, 503 once it is stale): it must answer either way, not hang with the job.
        assert _healthz(port) in (200, 503)
        time.sleep(2.0)
        data = json.loads(status.read_text())
        assert set(data) >= {"worker", "pid", "state", "last_heartbeat", "period_s"}
        assert data["state"] == "busy" and data["current_job"] == job.id
        assert data["pid"] == proc.pid and proc.poll() is None  # alive...
        beat = datetime.fromisoformat(data["last_heartbeat"].replace("Z", "+00:00"))
        age = (datetime.now(UTC) - beat).total_seconds()
        assert age > data["period_s"] + 0.5  # ...but stale
        assert _healthz(port) == 503
        wkey = f"rq:worker:{data['worker']}"
        last = queue.connection.hget(wkey, "last_heartbeat").decode()
        rq_age = (
            datetime.now(UTC) - datetime.fromisoformat(last).replace(tzinfo=UTC)
        ).total_seconds()
        assert rq_age > 1.0
        # opsdoc's own diagnosis of the hung worker: the stale status file, and the live
        # process table (by the pid the status file names: rq rewrites the worker's command
        # line when setproctitle is installed) proving the pid is alive.
        result = subprocess.run(
            [sys.executable, "-m", "opsdoc", "diagnose", str(tmp_path), "--no-code",
             "--evidence", str(status), "--process", str(data["pid"]), "--format", "json",
             "--select", "H", "--as-of", (datetime.now(UTC) + timedelta(minutes=10)).isoformat()],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        report = json.loads(result.stdout)
        assert [f["code"] for f in report["findings"]] == ["H001"], result.stdout[-2000:]
        assert str(proc.pid) in report["findings"][0]["summary"]
    finally:
        proc.kill()
        proc.communicate()


def test_idle_serve_worker_keeps_its_heartbeat_fresh(redis_url: str, queue, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status = tmp_path / "status.json"
    port = free_port_local()
    args = rq_args(redis_url, queue.name, "--mode", "serve", "--heartbeat", "0.5",
                   "--status-file", str(status), "--health-port", str(port))  # fmt: skip
    proc = start_worker(*args)
    try:
        assert wait_for(status.exists, HANG_GUARD_S)
        first = json.loads(status.read_text())["last_heartbeat"]
        # Idle, it keeps beating: the file's heartbeat moves on (how often is the
        # period's business; a loaded machine may be late, never silent).
        assert wait_for(
            lambda: json.loads(status.read_text())["last_heartbeat"] > first, HANG_GUARD_S
        )
        data = json.loads(status.read_text())
        assert data["state"] == "idle" and data["pid"] == proc.pid
        assert _healthz(port) == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        finish(proc)
    assert json.loads(status.read_text())["state"] == "stopped"


def _healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.configure(parser)
    return parser.parse_args(list(argv))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["run", "--backend", "pubsub", "--handler", "opsdoc.worker.handlers:echo"],
            "--subscription",
        ),
        (
            ["run", "--backend", "pubsub", "--subscription", "projects/p/subscriptions/s"],
            "--handler",
        ),
        (
            ["run", "--backend", "rq", "--redis", "redis://x", "--handler", "nosuch.mod:f"],
            "cannot import",
        ),
        (
            [
                "run",
                "--backend",
                "rq",
                "--redis",
                "redis://x",
                "--handler",
                "opsdoc.worker.handlers",
            ],
            "MODULE:FUNCTION",
        ),
        (
            [
                "run",
                "--backend",
                "rq",
                "--redis",
                "redis://x",
                "--handler",
                "opsdoc.worker.handlers:nope",
            ],
            "no attribute",
        ),
        (["run", "--backend", "rq", "--redis", "http://x"], "redis://"),
        (
            ["run", "--backend", "rq", "--redis", "redis://x", "--pull-timeout", "0"],
            "--pull-timeout",
        ),
    ],
)
def test_usage_errors_are_one_line_before_touching_the_broker(
    argv: list[str], message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("-", r"\-")):
        cli.run(_parse(*argv))


def test_unreachable_redis_exits_3(tmp_path: Path) -> None:
    proc = start_worker("--backend", "rq", "--redis", f"redis://127.0.0.1:{free_port_local()}/0")
    code, evs = finish(proc)
    assert code == 3
    assert evs[-1]["event"] == "worker.exit" and evs[-1]["reason"] == "backend unavailable"


def test_worker_cli_imports_no_heavy_client_at_configure() -> None:
    code = (
        "import sys, argparse; from opsdoc.worker import cli; from opsdoc.commands import smoke;"
        "p = argparse.ArgumentParser(); cli.configure(p); smoke.configure(argparse.ArgumentParser());"
        "print(sorted(m for m in ('redis', 'rq', 'google.cloud.pubsub_v1', 'anthropic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"
