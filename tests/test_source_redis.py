"""The live Redis/RQ source against state written by the real rq 1.x, 2.x and 3.x.

Each major version runs in its own virtualenv and really enqueues, fails, times out
and runs jobs with ``Worker.work(burst=True)``; a real ``rq worker`` process stays
busy on a long job while the source reads.

The virtualenvs for rq 1.x and 2.x hold pinned versions and are built once, from
the package index, into ``$OPSDOC_TEST_VENVS/<rq version>`` (default
``$XDG_CACHE_HOME/opsdoc-tests/venvs``, i.e. ``~/.cache/opsdoc-tests/venvs``), then
reused by every later run, online or not. Without the index and without a built
venv, those cases skip with the reason on a developer machine and fail under
``CI=true``.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib.metadata
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
from conftest import missing

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

VERSIONS = {"1": ("1.16.2", 3), "2": ("2.6.0", 4), "3": ("", 5)}
"""Major -> (rq version installed in a virtualenv, Redis database index). rq 3 is the
project's own (no virtualenv)."""
REDIS_CLIENT = importlib.metadata.version("redis")
"""The venvs get the redis client opsdoc itself runs with, pinned too."""

VENVS_VAR = "OPSDOC_TEST_VENVS"


def venv_root() -> Path:
    """Where the rq virtualenvs are kept between runs (see the module docstring)."""
    chosen = os.environ.get(VENVS_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "opsdoc-tests" / "venvs"


VENV_ROOT = venv_root()
"""Read at import, before the autouse fixture gives each test a private XDG_CACHE_HOME."""

AS_OF_SHIFT = timedelta(hours=1)


class Unavailable(Exception):
    """A pinned rq could not be installed (no package index, no built virtualenv)."""


def requirements(version: str) -> list[str]:
    return [f"rq=={version}", f"redis=={REDIS_CLIENT}"]


def _ready(env_dir: Path, version: str) -> bool:
    """Built for exactly these pins, and its interpreter still imports them."""
    marker, python = env_dir / ".ready", env_dir / "bin" / "python"
    if not marker.is_file() or marker.read_text().split() != requirements(version):
        return False
    try:
        got = subprocess.run(
            [str(python), "-c", "import redis, rq; print(rq.__version__)"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return got.returncode == 0 and got.stdout.strip() == version


def python_for(version: str, root: Path) -> str:
    """The interpreter of the cached virtualenv holding rq ``version``, built if absent.

    A lock keeps two test runs from building the same venv at once; the marker file
    is written last, so a build cut short is rebuilt next time.
    """
    env_dir = root / version
    python = env_dir / "bin" / "python"
    if _ready(env_dir, version):
        return str(python)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _ready(env_dir, version):  # built by another run meanwhile
            return str(python)
        (env_dir / ".ready").unlink(missing_ok=True)
        # No pip inside (ensurepip takes half a minute on a busy machine): the running
        # interpreter's pip installs into the venv.
        venv.create(env_dir, with_pip=False, clear=True)
        pins = requirements(version)
        pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        try:
            subprocess.run(
                [*pip, "--disable-pip-version-check", *pins],
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired as exc:
            raise Unavailable(
                f"pip could not install {' '.join(pins)} into {env_dir} "
                f"(no answer in {exc.timeout:g} s)"
            ) from None
        except subprocess.CalledProcessError as exc:
            lines = [line.strip() for line in (exc.stderr or "").splitlines() if line.strip()]
            detail = lines[-1] if lines else f"pip exited with {exc.returncode}"
            raise Unavailable(
                f"pip could not install {' '.join(pins)} into {env_dir} ({detail})"
            ) from None
        (env_dir / ".ready").write_text(" ".join(pins) + "\n")
    return str(python)


def python_or_skip(major: str) -> str:
    version = VERSIONS[major][0]
    if not version:
        return sys.executable
    try:
        return python_for(version, VENV_ROOT)
    except Unavailable as exc:
        missing(
            f"rq {version}",
            f"{exc}. It is installed once from the package index and reused from then on; "
            f"run once online, or set {VENVS_VAR} to a directory holding built venvs",
        )
        raise  # not reached: missing() skips or fails


@dataclass
class RqState:
    major: str
    url: str
    db: int
    started: datetime


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
    python = python_or_skip(major)
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
    name = f"busy-{major}"
    worker = subprocess.Popen(
        # ``-m rq.cli``: the venv of the project's own rq may not hold an ``rq`` script.
        [python, "-m", "rq.cli", "worker", "--url", url, "--name", name, "busy"],
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


@pytest.mark.parametrize("ci", [False, True], ids=["developer", "ci"])
def test_without_the_package_index_a_pinned_rq_skips_or_fails_with_the_reason(
    ci: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conftest

    # pip with no index, no configured wheel directory: what an offline machine sees.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    for var in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys.modules[__name__], "VENV_ROOT", tmp_path)
    monkeypatch.setattr(conftest, "IN_CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome) as caught:
        python_or_skip("1")
    message = str(caught.value)
    assert "rq 1.16.2 is not available: pip could not install rq==1.16.2" in message
    assert str(tmp_path / "1.16.2") in message and VENVS_VAR in message
    assert not (tmp_path / "1.16.2" / ".ready").exists()  # never taken for a built venv
    assert python_or_skip("3") == sys.executable  # rq 3 is the project's own: no venv
