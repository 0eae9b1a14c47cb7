"""The Redis source's guarantees: read-only, +@read is enough, bounded, no secrets out."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import QueueStats
from opsdoc.sources.base import SourceContext
from opsdoc.sources.redis_rq import RedisSource

BUILD = """
import sys
from redis import Redis
from rq import Queue, Worker
import tasks
conn = Redis.from_url(sys.argv[1])
q = Queue("default", connection=conn)
q.enqueue(tasks.ok, 1)
q.enqueue(tasks.boom, 2)
Worker([q], connection=conn, name="burst").work(burst=True)
Queue("orphan", connection=conn).enqueue(tasks.ok, 3)
w = Worker([q], connection=conn, name="live")
w.register_birth()
"""
TASKS = "def ok(x):\n    return x\n\ndef boom(x):\n    raise ValueError(x)\n"


@pytest.fixture(scope="module")
def state(redis_server, tmp_path_factory) -> Iterator[str]:
    """rq 3 state in database 0 (a ``+@read`` user cannot SELECT another one)."""
    work = tmp_path_factory.mktemp("rq-safety")
    (work / "tasks.py").write_text(TASKS)
    (work / "build.py").write_text(BUILD)
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    client = redis.Redis.from_url(url)
    client.flushdb()
    subprocess.run(
        [sys.executable, "build.py", url],
        cwd=work,
        check=True,
        timeout=60,
        capture_output=True,
        env={"PYTHONPATH": str(work), "PATH": "/usr/bin:/bin"},
    )
    yield url
    client.flushdb()
    client.close()


def _ctx(deadline: float = 10.0) -> SourceContext:
    return SourceContext(as_of=datetime.now(UTC), root=".", deadline_s=deadline)


def _commandstats(client: redis.Redis) -> dict[str, int]:
    return {k: int(v["calls"]) for k, v in client.info("commandstats").items()}


def test_full_diagnosis_runs_no_write_command(state: str, tmp_path: Path) -> None:
    admin = redis.Redis.from_url(state)
    keys_before = {k: admin.type(k) for k in admin.scan_iter()}
    before = _commandstats(admin)
    config = Config()
    # An hour on, the jobs just enqueued are a backlog nobody consumes (Q001 waits for
    # a backlog older than a few minutes).
    later = datetime.now(UTC) + timedelta(hours=1)
    report = diagnose(
        Options(root=tmp_path, as_of=later, config=config, scan_code=False),
        sources=[RedisSource([state])],
    )
    after = _commandstats(admin)
    ran = {cmd: after[cmd] - before.get(cmd, 0) for cmd in after if after[cmd] != before.get(cmd)}
    ran.pop("cmdstat_info", None)  # the measurement itself
    assert ran, "the source ran no command at all"
    for cmd in ran:
        name = cmd.removeprefix("cmdstat_").replace("|", " ").split()[0]
        (entry,) = admin.execute_command("COMMAND", "INFO", name).values()
        flags = {f.decode() if isinstance(f, bytes) else str(f) for f in entry["flags"]}
        assert "write" not in flags, f"{name} is a write command"
        assert name in {
            "smembers",
            "llen",
            "lindex",
            "zcard",
            "hgetall",
            "hget",
            "hmget",
            "zrange",
            "zrevrange",
            "xrevrange",
            "select",
            "hello",
            "auth",
        }, name
    assert {k: admin.type(k) for k in admin.scan_iter()} == keys_before
    assert any(f.code == "Q001" for f in report.findings)


def test_read_only_acl_user_is_enough(state: str) -> None:
    admin = redis.Redis.from_url(state)
    admin.acl_setuser(
        "opsdoc-ro",
        enabled=True,
        passwords=["+ro-Pa55word"],
        keys=["~*"],
        commands=["-@all", "+@read"],
        reset=True,
    )
    try:
        url = state.replace("redis://", "redis://opsdoc-ro:ro-Pa55word@")
        ro = RedisSource([url]).collect(_ctx())
        full = RedisSource([state]).collect(_ctx())
    finally:
        admin.acl_deluser("opsdoc-ro")
    assert ro.problems == []
    assert [type(r) for r in ro.records] == [type(r) for r in full.records]
    assert next(r for r in ro.records if isinstance(r, QueueStats)).failed == 1
    assert all("ro-Pa55word" not in r.ref.location for r in ro.records)
    assert all(r.ref.location.startswith("redis://opsdoc-ro@127.0.0.1:") for r in ro.records)


def test_wrong_password_is_explained_without_the_password(state: str) -> None:
    admin = redis.Redis.from_url(state)
    admin.acl_setuser(
        "opsdoc-ro2",
        enabled=True,
        passwords=["+right-one"],
        keys=["~*"],
        commands=["+@read"],
        reset=True,
    )
    try:
        url = state.replace("redis://", "redis://opsdoc-ro2:Wr0ng-Secret@")
        result = RedisSource([url]).collect(_ctx())
    finally:
        admin.acl_deluser("opsdoc-ro2")
    (problem,) = result.problems
    assert "authentication failed" in problem.reason
    assert "Wr0ng-Secret" not in problem.input + problem.reason


def test_refused_connection_becomes_x001_at_once(tmp_path: Path) -> None:
    """A refusal is reported as one, not waited on until a deadline (minutes away here)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"redis://:Hunter2-secret@127.0.0.1:{port}/0"
    config = Config()
    config.timeout_s = 600
    report = diagnose(
        Options(root=tmp_path, as_of=datetime.now(UTC), config=config, scan_code=False),
        sources=[RedisSource([url], timeout_s=300)],
    )
    (x,) = [f for f in report.findings if f.code == "X001"]
    assert "cannot connect" in x.summary and f"127.0.0.1:{port}" in x.summary
    assert "no answer" not in x.summary and "timed out" not in x.summary
    assert report.sources[0].seconds < 60  # a hang guard only: the deadline is 300 s
    assert report.exit_code == 3
    rendered = repr(report.findings) + repr(report.sources)
    assert "Hunter2-secret" not in rendered


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers: a hung proxy or the wrong service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_server_that_never_answers_is_bounded(silent_server: int, tmp_path: Path) -> None:
    """The source gives up within its own budget and says so, while the server still
    holds the connection; the run's deadline is minutes away, so nothing else ended it.

    Of its 10 s the source budgets 9 s, and its read times out after half of that:
    seconds before the engine would abandon it, however loaded the machine. How soon
    a run ends is measured by `benchmarks/hostile.py`.
    """
    config = Config()
    config.timeout_s = 600
    report = diagnose(
        Options(root=tmp_path, as_of=datetime.now(UTC), config=config, scan_code=False),
        sources=[RedisSource([f"redis://127.0.0.1:{silent_server}/0"], timeout_s=10)],
    )
    (x,) = [f for f in report.findings if f.code == "X001"]
    assert f"no answer from redis://127.0.0.1:{silent_server}/0 within 9 s" in x.summary
    assert "--timeout" in x.summary
    assert report.exit_code == 3


def test_bad_urls_are_problems_not_exceptions() -> None:
    result = RedisSource(["http://example.com", "redis://:pw@host:notaport/0"]).collect(_ctx())
    reasons = [p.reason for p in result.problems]
    assert len(reasons) == 2
    assert "not a Redis URL" in reasons[0]
    assert all("pw@" not in p.input for p in result.problems)


def test_tls_url_against_plain_server_fails_clearly(state: str) -> None:
    url = state.replace("redis://", "rediss://")
    result = RedisSource([url], timeout_s=3).collect(_ctx(3))
    (problem,) = result.problems
    assert problem.input.startswith("rediss://127.0.0.1:")


def test_round_trips_do_not_grow_with_size(redis_server) -> None:
    """Server-side reply writes stay flat from 5 to 300 queues (and workers)."""
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    client = redis.Redis.from_url(url)
    writes = []
    try:
        for n in (5, 300):
            client.flushdb()
            pipe = client.pipeline(transaction=False)
            for i in range(n):
                pipe.sadd("rq:queues", f"rq:queue:q{i}")
                pipe.rpush(f"rq:queue:q{i}", f"j{i}")
                pipe.zadd(f"rq:failed:q{i}", {f"f{i}": 1})
                pipe.hset(f"rq:job:f{i}", mapping={"status": "failed", "origin": f"q{i}"})
                pipe.sadd("rq:workers", f"rq:worker:w{i}")
                pipe.hset(f"rq:worker:w{i}", mapping={"queues": f"q{i}", "state": "idle"})
            pipe.execute()
            before = int(client.info("stats")["total_writes_processed"])
            result = RedisSource([url]).collect(_ctx())
            writes.append(int(client.info("stats")["total_writes_processed"]) - before - 1)
            assert len([r for r in result.records if isinstance(r, QueueStats)]) == n
    finally:
        client.flushdb()
    assert writes[0] <= 6  # four rounds + the connection
    assert writes[1] <= 12, writes
