"""The live Redis/RQ source against state written by the real rq 1.x, 2.x and 3.x.

Each major version runs in its own virtualenv (cached between runs in pytest's
cache directory) and really enqueues, fails, times out and runs jobs with
``Worker.work(burst=True)``; a real ``rq worker`` process stays busy on a long job
while the source reads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import JobRecord, QueueStats, WorkerBeat
from opsdoc.sources.base import SourceContext
from opsdoc.sources.redis_rq import RedisSource

TASKS = """
import time

def ok(x):
    return x * 2

def boom(x):
    raise ValueError(f"bad input {x}")

def slow(seconds):
    time.sleep(seconds)
"""

BUILD = """
import sys, time
import rq
from redis import Redis
from rq import Queue, Worker
import tasks

conn = Redis.from_url(sys.argv[1])
conn.flushdb()
tag = rq.__version__.split(".")[0]
q = Queue("default", connection=conn)
for i in range(3):
    q.enqueue(tasks.ok, i)
q.enqueue(tasks.boom, 1)
q.enqueue(tasks.slow, 5, job_timeout=1)
Worker([q], connection=conn, name="burst-" + tag).work(burst=True)
orphan = Queue("orphan", connection=conn)
for i in range(4):
    orphan.enqueue(tasks.ok, i)
Queue("busy", connection=conn).enqueue(tasks.slow, 120, job_timeout=600)
live = Worker([q], connection=conn, name="live-" + tag)
live.register_birth()
live.set_state("idle")
"""

ZOMBIE = """
import sys, time
import rq
from redis import Redis
from rq import Queue, Worker

conn = Redis.from_url(sys.argv[1])
tag = rq.__version__.split(".")[0]
zombie = Worker([Queue("orphan", connection=conn)], connection=conn, name="zombie-" + tag)
zombie.register_birth()
conn.pexpire(zombie.key, 10)  # the worker key expires; its registration stays
time.sleep(0.05)
"""

VERSIONS = {"1": ("rq==1.16.2", 3), "2": ("rq==2.6.0", 4), "3": ("", 5)}
"""Major -> (pip requirement, Redis database index). rq 3 is the project's own."""

AS_OF_SHIFT = timedelta(hours=1)


@dataclass
class RqState:
    major: str
    url: str
    db: int
    started: datetime


def _python_for(major: str, cache_dir: Path) -> str:
    requirement, _ = VERSIONS[major]
    if not requirement:
        return sys.executable
    env_dir = cache_dir / f"rq{major}"
    python = env_dir / "bin" / "python"
    if not (env_dir / ".ready").exists():
        venv.create(env_dir, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", requirement, "redis>=5"],
            check=True,
            timeout=300,
        )
        (env_dir / ".ready").write_text("ok")
    return str(python)


def _wait_busy(client: redis.Redis, name: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.hget(f"rq:worker:{name}", "state") == b"busy":
            return
        time.sleep(0.05)
    raise TimeoutError(f"rq worker {name} never became busy")


@pytest.fixture(scope="session", params=sorted(VERSIONS), ids=lambda m: f"rq{m}")
def rq_state(request: pytest.FixtureRequest, redis_server, tmp_path_factory) -> Iterator[RqState]:
    major = request.param
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    venvs = Path(cache.mkdir("opsdoc-rq-venvs")) if cache else tmp_path_factory.mktemp("rq-venvs")
    python = _python_for(major, venvs)
    work = tmp_path_factory.mktemp(f"rq{major}")
    (work / "tasks.py").write_text(TASKS)
    (work / "build.py").write_text(BUILD)
    db = VERSIONS[major][1]
    url = f"redis://127.0.0.1:{redis_server.port}/{db}"
    env = {**os.environ, "PYTHONPATH": str(work)}
    started = datetime.now(UTC)
    subprocess.run(
        [python, "build.py", url], cwd=work, env=env, check=True, timeout=120, capture_output=True
    )
    rq_bin = str(Path(python).parent / "rq")
    name = f"busy-{major}"
    worker = subprocess.Popen(
        [rq_bin, "worker", "--url", url, "--name", name, "busy"],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = redis.Redis.from_url(url)
    try:
        _wait_busy(client, name)
        # After the worker started: starting a worker prunes dead registrations.
        (work / "zombie.py").write_text(ZOMBIE)
        subprocess.run(
            [python, "zombie.py", url],
            cwd=work,
            env=env,
            check=True,
            timeout=60,
            capture_output=True,
        )
        yield RqState(major, url, db, started)
    finally:
        import signal

        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        client.flushdb()
        client.close()


def collect(url: str, as_of: datetime, **kwargs) -> tuple[list, list]:
    source = RedisSource([url], **kwargs)
    result = source.collect(SourceContext(as_of=as_of, root=".", deadline_s=20))
    return result.records, result.problems


def test_reads_every_rq_major(rq_state: RqState) -> None:
    tag = rq_state.major
    records, problems = collect(rq_state.url, datetime.now(UTC))
    assert problems == []
    queues = {r.queue: r for r in records if isinstance(r, QueueStats)}
    assert set(queues) == {"default", "orphan", "busy"}
    default, orphan, busy = queues["default"], queues["orphan"], queues["busy"]
    assert (default.depth, default.failed, default.finished) == (0, 2, 3)
    assert default.consumers == 1  # the live worker; the burst worker unregistered
    assert (orphan.depth, orphan.consumers) == (4, 0)
    assert orphan.oldest_age_s is not None and orphan.oldest_age_s >= 0
    assert (busy.depth, busy.started, busy.consumers) == (0, 1, 1)
    assert (
        default.ref.location == f"redis://127.0.0.1:{rq_state.url.split(':')[2]} rq:queue:default"
    )

    beats = {b.worker: b for b in records if isinstance(b, WorkerBeat)}
    assert set(beats) == {f"live-{tag}", f"zombie-{tag}", f"busy-{tag}"}
    assert beats[f"live-{tag}"].state == "idle" and beats[f"live-{tag}"].at is not None
    assert beats[f"zombie-{tag}"].state == "expired"
    assert beats[f"zombie-{tag}"].queues == ("orphan",)
    busy_beat = beats[f"busy-{tag}"]
    assert busy_beat.state == "busy" and busy_beat.pid

    jobs = [j for j in records if isinstance(j, JobRecord)]
    by_func: dict[str, list[JobRecord]] = {}
    for job in jobs:
        by_func.setdefault(job.func, []).append(job)
    assert {j.status for j in by_func["tasks.ok"]} >= {"finished", "queued"}
    (boom,) = by_func["tasks.boom"]
    assert boom.status == "failed" and boom.exc_summary == "ValueError: bad input 1"
    killed = [j for j in by_func["tasks.slow"] if j.status == "failed"]
    assert killed and "JobTimeoutException" in killed[0].exc_summary
    assert killed[0].timeout_s == 1.0
    running = [j for j in by_func["tasks.slow"] if j.status == "started"]
    assert running and busy_beat.current_job == running[0].job_id


def test_sample_is_bounded(rq_state: RqState) -> None:
    records, _ = collect(rq_state.url, datetime.now(UTC), sample_jobs=2)
    jobs = [r for r in records if isinstance(r, JobRecord)]
    assert len(jobs) == 2
    assert "failed" in {j.status for j in jobs}  # failures are sampled first


def _options(tmp_path: Path, as_of: datetime, evidence: list[str] | None = None) -> Options:
    config = Config()
    config.timeout_s = 30
    return Options(
        root=tmp_path, as_of=as_of, config=config, evidence=evidence or [], scan_code=False
    )


def test_live_diagnosis_finds_queue_problems(rq_state: RqState, tmp_path: Path) -> None:
    as_of = rq_state.started + AS_OF_SHIFT
    report = diagnose(_options(tmp_path, as_of), sources=[RedisSource([rq_state.url])])
    ids = {f.id for f in report.findings}
    assert {
        "Q001:queues/orphan",
        "Q002:queues/orphan",
        "Q003:queues/default",
        "H003:workers",
        "T004:rq-jobs/tasks.slow",
    } <= ids
    assert not [f for f in report.findings if f.code.startswith("X")]


def test_snapshot_diagnoses_like_live(rq_state: RqState, tmp_path: Path) -> None:
    from opsdoc.commands import snapshot

    as_of = rq_state.started + AS_OF_SHIFT
    secret_url = rq_state.url.replace("redis://", "redis://:s3cr3t-pw@")
    redis.Redis.from_url(rq_state.url).config_set("requirepass", "s3cr3t-pw")
    try:
        parser = argparse.ArgumentParser()
        snapshot.configure(parser)
        out = tmp_path / "snap.json"
        args = parser.parse_args(
            ["--redis", secret_url, "-o", str(out), "--as-of", as_of.isoformat()]
        )
        assert snapshot.run(args) == 0
        live = diagnose(_options(tmp_path, as_of), sources=[RedisSource([secret_url])])
    finally:
        redis.Redis.from_url(secret_url).config_set("requirepass", "")
    text = out.read_text()
    assert "s3cr3t-pw" not in text
    assert json.loads(text)["opsdoc_snapshot"] == 1
    offline = diagnose(_options(tmp_path, as_of, [str(out)]))

    def shape(report) -> list[tuple[str, str, str]]:
        return [(f.id, f.severity.value, f.summary) for f in report.findings]

    assert shape(offline) == shape(live)
    assert any(f.code == "Q001" for f in live.findings)


def test_snapshot_usage_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from opsdoc.cli import UsageError
    from opsdoc.commands import snapshot

    monkeypatch.delenv("REDIS_URL", raising=False)
    parser = argparse.ArgumentParser()
    snapshot.configure(parser)
    with pytest.raises(UsageError, match="--redis"):
        snapshot.run(parser.parse_args([]))
