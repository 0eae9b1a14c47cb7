"""H001 (hung) and H002 (dead) from heartbeats, logs and the live process table."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsdoc.checks.heartbeats import dead_worker, hung_worker
from opsdoc.commands.diagnose import Options, build_sources, diagnose
from opsdoc.config import Config
from opsdoc.evidence import (
    Evidence,
    LogRecord,
    ProcessInfo,
    QueueStats,
    Record,
    Ref,
    WorkerBeat,
)
from opsdoc.findings import Severity
from opsdoc.plugin import load_registry
from opsdoc.report import Report
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource
from opsdoc.sources.processes import ProcessSource, clean_cmdline

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
BEAT_AT = AS_OF - timedelta(minutes=30)


def ev(*records: Record, as_of: datetime = AS_OF, **settings: float) -> Evidence:
    e = Evidence(as_of=as_of, settings=dict(settings))
    e.add(records)
    return e


def beat(
    worker: str = "mailer", pid: int | None = 4242, at: datetime = BEAT_AT, **kw
) -> WorkerBeat:
    return WorkerBeat(Ref("exports", f"{worker}_status.json"), worker, at, pid=pid, **kw)


def line(at: datetime, msg: str, instance: str = "4242", where: str = "app.log:7") -> LogRecord:
    return LogRecord(Ref("exports", where), at, "INFO", msg, stream="file", instance=instance)


def proc(pid: int = 4242, alive: bool = True, started: datetime | None = None, **kw) -> ProcessInfo:
    return ProcessInfo(
        Ref("processes", f"pid:{pid}"),
        pid,
        name="python",
        cmdline=("python", "-m", "mailer"),
        alive=alive,
        create_time=started or BEAT_AT - timedelta(hours=3),
        **kw,
    )


def codes(e: Evidence) -> list[tuple[str, str]]:
    return [("H001", h.subject) for h in hung_worker(e)] + [
        ("H002", h.subject) for h in dead_worker(e)
    ]


def test_checks_are_registered_through_the_entry_point() -> None:
    specs = load_registry().specs
    for code in ("H001", "H002"):
        assert specs[code].module == "opsdoc.checks.heartbeats"
        assert "## Why is this bad?" in specs[code].doc
        assert specs[code].severity == "error"


# -- H001 --------------------------------------------------------------------------------


def test_h001_live_process_still_running_with_no_cpu() -> None:
    e = ev(beat(), proc(cpu_percent=0.0, status="sleeping"))
    (hit,) = hung_worker(e)
    assert hit.subject == "workers/mailer"
    assert "30 min old" in hit.summary and "pid 4242 is still alive" in hit.summary
    assert "0% CPU, sleeping" in hit.summary
    assert [i.source for i in hit.evidence] == ["exports", "processes"]
    assert "py-spy dump --pid 4242" in hit.fix.commands
    assert not list(dead_worker(e))


def test_h001_offline_log_lines_from_the_same_pid_after_the_beat_was_due() -> None:
    later = [line(BEAT_AT + timedelta(minutes=m), f"health ok {m}") for m in (5, 10, 29)]
    (hit,) = hung_worker(ev(beat(), *later))
    assert "pid 4242 kept logging until 2026-11-23T05:59:00Z" in hit.summary
    assert "(3 lines after it was due)" in hit.summary
    assert [i.ref for i in hit.evidence][1:] == ["app.log:7", "app.log:7"]
    assert hit.confidence >= 0.85


def test_h001_offline_by_worker_name_without_pid() -> None:
    b = beat("ingest-1", pid=None)
    later = line(BEAT_AT + timedelta(minutes=20), "watcher: file changed", instance="ingest-1")
    assert codes(ev(b, later)) == [("H001", "workers/ingest-1")]
    # ... or by a log file named after the worker, whose lines name no process.
    unnamed = line(BEAT_AT + timedelta(minutes=20), "tick", instance="", where="ingest-1.log:3")
    assert codes(ev(b, unnamed)) == [("H001", "workers/ingest-1")]


def test_h001_live_process_found_by_name_when_the_status_file_has_no_pid() -> None:
    p = ProcessInfo(
        Ref("processes", "pid:77"), 77, cmdline=("python3", "/srv/app/worker2.py"), alive=True
    )
    assert codes(ev(beat("worker2", pid=None), p)) == [("H001", "workers/worker2")]


# -- H002 --------------------------------------------------------------------------------


def test_h002_pid_asked_about_and_gone() -> None:
    gone = ProcessInfo(Ref("processes", "pid:4242"), 4242, alive=False, status="not-found")
    (hit,) = dead_worker(ev(beat(), gone))
    assert "pid 4242 no longer exists" in hit.summary and hit.summary.endswith("is gone")
    assert hit.confidence >= 0.9
    assert not list(hung_worker(ev(beat(), gone)))


def test_h002_pid_reused_by_a_younger_process() -> None:
    younger = proc(started=BEAT_AT + timedelta(minutes=10))
    (hit,) = dead_worker(ev(beat(), younger))
    assert "after the last heartbeat" in hit.summary


def test_h002_last_words_in_the_log_say_it_was_stopping() -> None:
    last = line(BEAT_AT + timedelta(minutes=4), "Killed")
    (hit,) = dead_worker(ev(beat(), last))
    assert "says it was stopping" in hit.summary


def test_h002_log_ends_before_the_next_beat_was_due() -> None:
    crash = LogRecord(
        Ref("exports", "app.log:90"),
        BEAT_AT + timedelta(seconds=20),
        "ERROR",
        "Traceback (most recent call last):\n  ...\nMemoryError",
        stream="file",
        instance="4242",
    )
    (hit,) = dead_worker(ev(beat(), crash))
    assert "logged nothing after 2026-11-23T05:30:20Z" in hit.summary
    assert "MemoryError" in hit.evidence[1].quote


def test_h002_lines_from_another_process_do_not_keep_it_alive() -> None:
    other = line(BEAT_AT + timedelta(minutes=20), "requeued 3", instance="5151")
    (hit,) = dead_worker(ev(beat(), other))
    assert "presumably gone" in hit.summary and hit.confidence < 0.7
    assert not list(hung_worker(ev(beat(), other)))


# -- controls ----------------------------------------------------------------------------


def test_healthy_control_fresh_heartbeat_yields_nothing() -> None:
    fresh = beat(at=AS_OF - timedelta(seconds=40))
    e = ev(fresh, proc(), line(AS_OF - timedelta(seconds=5), "tick"))
    assert codes(e) == []


def test_only_the_latest_beat_of_a_worker_counts_and_clean_stops_are_not_incidents() -> None:
    old = beat(at=AS_OF - timedelta(hours=5))
    fresh = beat(at=AS_OF - timedelta(seconds=10))
    assert codes(ev(old, fresh)) == []
    assert codes(ev(beat(state="stopped"))) == []
    assert codes(ev(beat(state="expired"))) == []  # zombie registrations are H003's


def test_period_from_the_record_then_from_the_thresholds() -> None:
    at = AS_OF - timedelta(seconds=150)
    assert codes(ev(beat(at=at))) == []  # 150 s < 60 + 120
    assert codes(ev(beat(at=at, period_s=10.0))) == [("H002", "workers/mailer")]
    assert codes(ev(beat(at=at), heartbeat_grace_s=30.0)) == [("H002", "workers/mailer")]
    assert codes(ev(beat(at=at), heartbeat_period_s=300.0)) == []


def test_as_of_decides_what_is_stale() -> None:
    records = (beat(), line(BEAT_AT + timedelta(minutes=20), "tick"))
    assert codes(ev(*records, as_of=BEAT_AT + timedelta(minutes=2))) == []
    assert codes(ev(*records, as_of=BEAT_AT + timedelta(minutes=25))) == [
        ("H001", "workers/mailer")
    ]
    assert codes(ev(*records, as_of=BEAT_AT - timedelta(minutes=5))) == []  # beat in the future


# -- live: a real child process ----------------------------------------------------------


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    marker = f"opsdoc-test-{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", marker, "--token", "hunter2xyz"]
    )
    proc.marker = marker  # type: ignore[attr-defined]
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _live_diagnosis(tmp_path: Path, pid: int) -> Report:
    """The child writes its heartbeat once, now; the diagnosis looks ten minutes ahead.

    The beat must be younger than the process (an older one would belong to an
    earlier process with the same pid), so staleness comes from ``--as-of``.
    """
    now = datetime.now(UTC)
    status = tmp_path / "exports" / "worker_status.json"
    status.parent.mkdir(exist_ok=True)
    status.write_text(json.dumps({"worker": "worker", "pid": pid, "last_update": now.isoformat()}))
    sources = [ExportsSource([str(status)]), ProcessSource(pids=[pid])]
    as_of = now + timedelta(minutes=10)
    options = Options(root=tmp_path, as_of=as_of, config=Config(select=["H"]), scan_code=False)
    return diagnose(options, sources=sources)


def test_live_process_alive_is_h001_then_killed_is_h002(
    tmp_path: Path, child: subprocess.Popen[bytes]
) -> None:
    report = _live_diagnosis(tmp_path, child.pid)
    assert [(f.code, f.subject) for f in report.findings] == [("H001", "workers/worker")]
    assert f"pid {child.pid} is still alive" in report.findings[0].summary
    assert {s.name: s.status for s in report.sources}["processes"] == "ok"

    child.kill()
    child.wait(timeout=10)
    report = _live_diagnosis(tmp_path, child.pid)
    assert [(f.code, f.subject) for f in report.findings] == [("H002", "workers/worker")]
    assert f"pid {child.pid} no longer exists" in report.findings[0].summary


def test_a_number_given_to_process_names_a_pid(tmp_path: Path) -> None:
    """rq rewrites its workers' command lines (setproctitle): a pid is the reliable handle."""
    config = Config(processes=["4242", "rq worker"])
    options = Options(root=tmp_path, as_of=AS_OF, config=config, scan_code=False, offline=True)
    [source] = [s for s in build_sources(options) if isinstance(s, ProcessSource)]
    assert (source.pids, source.match) == ([4242], ["rq worker"])


def test_process_source_matches_command_lines_and_redacts_them(
    child: subprocess.Popen[bytes],
) -> None:
    ctx = SourceContext(as_of=datetime.now(UTC), root=".", deadline_s=10)
    result = ProcessSource(match=[child.marker]).collect(ctx)  # type: ignore[attr-defined]
    (info,) = result.records
    assert isinstance(info, ProcessInfo)
    assert info.pid == child.pid and info.alive and info.status in {"sleeping", "running"}
    assert info.cpu_percent is not None and info.cpu_percent < 50
    assert info.create_time is not None and info.create_time <= datetime.now(UTC)
    assert "hunter2xyz" not in " ".join(info.cmdline) and "--token" in info.cmdline
    assert result.detail == f"1 live process matching {child.marker!r}"  # type: ignore[attr-defined]
    assert not result.problems


def test_process_source_with_no_match_finds_nothing_and_says_so() -> None:
    ctx = SourceContext(as_of=datetime.now(UTC), root=".", deadline_s=10)
    result = ProcessSource(match=[f"no-such-{uuid.uuid4().hex}"]).collect(ctx)
    assert result.records == [] and result.detail.startswith("0 live processes")


def test_clean_cmdline_masks_secrets_in_either_spelling() -> None:
    args = ["rq", "worker", "--url", "redis://:pw123@h:6379/0", "--password", "p4ss", "x"]
    assert clean_cmdline(args) == (
        "rq",
        "worker",
        "--url",
        "redis://:***@h:6379/0",
        "--password",
        "***",
        "x",
    )
    assert clean_cmdline(["app", "--api-key=abcdef"]) == ("app", "--api-key=***")


# -- liveness from history: two dated `rq info` captures --------------------------------------

RQ_DIR = Path(__file__).parent / "fixtures" / "exports" / "rq"


def _captures(*names: str, second: str | None = None) -> Evidence:
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports import ExportsSource

    as_of = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    paths = [str(RQ_DIR / n) for n in names]
    result = ExportsSource(paths).collect(SourceContext(as_of, ".", 30))
    ev = Evidence(as_of=as_of)
    ev.add(result.records)
    return ev


def test_busy_workers_that_vanished_while_hosts_answer_are_hung_not_missing() -> None:
    from opsdoc.checks.queues import backlog_without_consumer

    ev = _captures("rq-info-1005.txt", "rq-info-1025.txt", "healthz-access.log")
    (hung,) = [h for h in hung_worker(ev)]
    assert hung.root_cause is True and "are hung, not missing" in hung.summary
    assert "Q001:queues/ingest" in hung.explains
    (q001,) = list(backlog_without_consumer(ev))
    assert q001.severity is Severity.WARNING and q001.root_cause is False
    assert "hung or died" in q001.summary and "rq worker" not in " ".join(q001.fix.commands)


def test_without_signs_of_life_history_alone_is_not_a_hang() -> None:
    ev = _captures("rq-info-1005.txt", "rq-info-1025.txt")
    assert list(hung_worker(ev)) == []


def test_one_capture_is_still_plain_no_consumer() -> None:
    from opsdoc.checks.queues import backlog_without_consumer

    ev = _captures("rq-info-1025.txt", "healthz-access.log")
    assert list(hung_worker(ev)) == []
    (q001,) = list(backlog_without_consumer(ev))
    assert q001.severity is None and "rq worker" in q001.fix.commands[0]


# -- status files in the shapes workers write them, and logs tied to them ----------------------


@pytest.mark.parametrize(
    ("obj", "period"),
    [
        ({"last_seen": 1790068441, "interval": 30, "pid": 1432}, 30.0),
        ({"period": 15, "ts": "2026-11-19T06:00:02Z"}, 15.0),
        ({"heartbeat_at": "2025-11-24T13:10:02+00:00", "state": "processing"}, None),
        ({"alive_at": "2025-11-24T13:10:02Z", "every_ms": 5000}, 5.0),
    ],
)
def test_any_when_last_field_is_a_heartbeat(obj: dict, period: float | None) -> None:
    from opsdoc.sources.exports.heartbeat import beat_from_object

    beat = beat_from_object("status.json", obj)
    assert beat is not None and beat.at is not None and beat.period_s == period


def test_start_and_creation_times_are_not_heartbeats() -> None:
    from opsdoc.sources.exports.heartbeat import beat_from_object

    assert beat_from_object("job.json", {"started_at": "2025-11-24T13:10:02Z", "id": "7"}) is None
    assert beat_from_object("job.json", {"created_at": 1790068441}) is None


def test_a_pod_named_log_belongs_to_the_pod_named_status_file(tmp_path: Path) -> None:
    # kubectl logs of pod transcoder-5d8f7c9b6-qwx4p beside its status file: the log
    # lines after the heartbeat was due show the worker alive (pid 1 is every pod's pid).
    status = tmp_path / "status-transcoder-5d8f7c9b6-qwx4p.json"
    status.write_text(json.dumps({"heartbeat_at": "2025-11-24T13:10:02+00:00"}))
    log = tmp_path / "kubectl-logs-transcoder-5d8f7c9b6-qwx4p.log"
    log.write_text(
        "INFO:     Started server process [1]\n"
        + "".join(
            f"10.8.0.1 - - [24/Nov/2025:{13 + m // 60:02d}:{m % 60:02d}:00 +0000] "
            '"GET /healthz HTTP/1.1" 200 2\n'
            for m in range(11, 59, 5)
        )
    )
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports import ExportsSource

    as_of = datetime(2025, 11, 24, 14, 0, tzinfo=UTC)
    ev = Evidence(as_of=as_of)
    ev.add(ExportsSource([str(status), str(log)]).collect(SourceContext(as_of, ".", 30)).records)
    (hit,) = hung_worker(ev)
    assert hit.subject == "workers/status-transcoder-5d8f7c9b6-qwx4p"
    assert list(dead_worker(ev)) == []


def test_journalctl_lines_carry_time_and_pid(tmp_path: Path) -> None:
    from opsdoc.evidence import LogRecord
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports import ExportsSource

    log = tmp_path / "journal.txt"
    log.write_text(
        "Sep 22 06:02:11 vm-2 systemd[1]: Started rulesd.service - Pricing rules daemon.\n"
        "Sep 22 06:02:12 vm-2 python[1432]: ERROR MainThread rulesd: reload failed\n"
    )
    as_of = datetime(2026, 1, 5, tzinfo=UTC)
    recs = ExportsSource([str(log)]).collect(SourceContext(as_of, ".", 30)).records
    lines = [r for r in recs if isinstance(r, LogRecord)]
    assert [(r.timestamp, r.instance, r.severity) for r in lines] == [
        (datetime(2025, 9, 22, 6, 2, 11, tzinfo=UTC), "1", "INFO"),
        (datetime(2025, 9, 22, 6, 2, 12, tzinfo=UTC), "1432", "ERROR"),
    ]


def _queue(name: str, depth: int, consumers: int | None) -> QueueStats:
    return QueueStats(Ref("exports", "rq-info.txt:1"), name, "rq", depth, consumers=consumers)


def test_h002_explains_the_backlog_its_death_left_on_its_own_queues() -> None:
    dead = beat(queues=("emails",))
    e = ev(dead, proc(alive=False), _queue("emails", 900, 0), _queue("reports", 40, 0))
    (hit,) = dead_worker(e)
    assert hit.explains == ("Q001:queues/emails", "Q002:queues/emails")


def test_h002_with_no_queue_named_explains_every_unconsumed_backlog() -> None:
    e = ev(
        beat(),
        proc(alive=False),
        _queue("emails", 900, 0),
        _queue("reports", 40, 2),  # consumed: not this worker's doing
        _queue("idle", 0, 0),  # nothing waits
        _queue("unknown", 30, None),  # consumers not known
    )
    (hit,) = dead_worker(e)
    assert hit.explains == ("Q001:queues/emails", "Q002:queues/emails")


def test_a_dead_worker_ranks_before_the_backlog_it_left(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    stamp = int((BEAT_AT).timestamp())
    (evidence / "status.json").write_text(
        json.dumps({"worker": "mailer", "pid": 4242, "last_beat": stamp, "interval_s": 15})
    )
    (evidence / "worker.log").write_text(
        f"{BEAT_AT.strftime('%Y-%m-%d %H:%M:%S')},120 INFO [4242] mailer: sent 12\n"
        f"{(BEAT_AT + timedelta(seconds=5)).strftime('%Y-%m-%d %H:%M:%S')},003 INFO [4242] "
        "mailer: Killed\n"
    )
    (evidence / "rq-info.txt").write_text(
        "emails       |████████████████████ 900\n1 queues, 900 jobs total\n\n"
        "0 workers, 1 queues\n\nUpdated: 2026-11-23 05:59:00.000000\n"
    )
    (tmp_path / "code").mkdir()
    report = diagnose(
        Options(
            root=tmp_path / "code", evidence=[evidence], as_of=AS_OF, config=Config(), offline=True
        )
    )
    ranked = [(f.code, f.subject) for f in report.findings if f.severity >= Severity.ERROR]
    assert ranked[0] == ("H002", "workers/mailer")
    assert ("Q001", "queues/emails") in ranked


KILLED_JOURNAL = (
    "2026-12-03T04:06:52+0000 etl-vm-2 csv-worker[241733]: 04:06:52 Worker csv-worker-etl-vm-2: "
    "imports: import manifest 0fa7 for tenant 3310 (b5a3f483-34b6-459f-95ac-d49d063cdb35)\n"
    "2026-12-03T04:15:02+0000 etl-vm-2 csv-worker[241733]: manifest 0fa7: 2114 of 31877340 rows "
    "failed validation and were skipped\n"
    "2026-12-03T04:19:27+0000 etl-vm-2 systemd[1]: csv-worker.service: A process of this unit "
    "has been killed by the OOM killer.\n"
    "2026-12-03T04:19:28+0000 etl-vm-2 systemd[1]: csv-worker.service: Main process exited, "
    "code=killed, status=9/KILL\n"
    "2026-12-03T04:19:28+0000 etl-vm-2 systemd[1]: csv-worker.service: Failed with result "
    "'oom-kill'.\n"
)
KILLED_KERNEL = (
    "2026-12-03T04:19:27+0000 etl-vm-2 kernel: rq invoked oom-killer: "
    "gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0\n"
    "2026-12-03T04:19:27+0000 etl-vm-2 kernel: CPU: 1 PID: 241733 Comm: rq Not tainted "
    "6.1.0-41-cloud-amd64 #1  Debian 6.1.158-1\n"
    "2026-12-03T04:19:27+0000 etl-vm-2 kernel: Out of memory: Killed process 241733 (rq) "
    "total-vm:8012644kB, anon-rss:7639228kB, file-rss:2816kB, shmem-rss:0kB, UID:997 "
    "pgtables:15284kB oom_score_adj:0\n"
)
BUSY_RQ_INFO = (
    "imports      |███████████████████ 19, 1 executing, 587 finished, 9 failed\n"
    "1 queues, 19 jobs total\n\n"
    "csv-worker-etl-vm-2 (etl-vm-2 127.0.0.1:46728 241733): busy imports. jobs: 123 finished, "
    "3 failed\n1 workers, 1 queues\n\nUpdated: 2026-12-03 07:31:10.204481\n"
)


def _killed_case(tmp_path: Path, journal: str, kernel: str = "") -> Report:
    evidence = tmp_path / "evidence"
    evidence.mkdir(parents=True)
    (evidence / "journalctl-u-csv-worker.log").write_text(journal)
    if kernel:
        (evidence / "journalctl-k.log").write_text(kernel)
    (evidence / "rq-info-0731.txt").write_text(BUSY_RQ_INFO)
    (evidence / "rq-info-0822.txt").write_text(
        "imports      |████████████ 31, 0 executing, 587 finished, 10 failed\n"
        "1 queues, 31 jobs total\n\n0 workers, 1 queues\n\nUpdated: 2026-12-03 08:22:40.151170\n"
    )
    (tmp_path / "code").mkdir()
    as_of = datetime(2026, 12, 3, 8, 25, tzinfo=UTC)
    return diagnose(
        Options(
            root=tmp_path / "code", evidence=[evidence], as_of=as_of, config=Config(), offline=True
        )
    )


def test_a_worker_the_oom_killer_ended_is_dead_with_no_heartbeat_time(tmp_path: Path) -> None:
    """``rq info`` prints no heartbeat time, but the kernel names the pid it killed and
    systemd says the unit's main process died: H002 first, the backlog its symptom, and
    no H001 ("hung") however long the rest of the host kept logging."""
    report = _killed_case(tmp_path, KILLED_JOURNAL, KILLED_KERNEL)
    first = report.findings[0]
    assert (first.code, first.subject) == ("H002", "workers/csv-worker-etl-vm-2")
    assert first.summary == (
        "worker csv-worker-etl-vm-2 (pid 241733) was killed by the kernel's out-of-memory "
        "killer at 2026-12-03T04:19:27Z (Out of memory: Killed process 241733 (rq) "
        "total-vm:8012644kB, anon-rss:7639228kB, file-rss:2816kB, shmem-rss:0kB, UID:99); its "
        "last line was at 2026-12-03T04:15:02Z and rq still listed it busy afterwards: the "
        "worker is gone, the job it held is lost or stuck, and nothing restarted it"
    )
    assert [(e.ref.rpartition("/")[2], e.quote[:50]) for e in first.evidence] == [
        ("journalctl-k.log:3", "2026-12-03T04:19:27Z INFO Out of memory: Killed pr"),
        ("journalctl-u-csv-worker.log:4", "2026-12-03T04:19:28Z INFO csv-worker.service: Main"),
        ("journalctl-u-csv-worker.log:5", "2026-12-03T04:19:28Z INFO csv-worker.service: Fail"),
        ("journalctl-u-csv-worker.log:2", "2026-12-03T04:15:02Z INFO manifest 0fa7: 2114 of 3"),
        ("rq-info-0731.txt:4", "csv-worker-etl-vm-2: busy"),
    ]  # fmt: skip
    assert first.fix.text == (
        "Find what the job needed (an OOM kill: memory for the largest input; stream or chunk "
        "it), run the worker under a supervisor that restarts it (systemd `Restart=on-failure`, "
        "a container restart policy), and requeue the job it held."
    )
    assert first.fix.commands == (
        'journalctl -k | grep -iE "out of memory|killed process" | tail',
        "opsdoc runbook H002",
    )
    assert (first.confidence, first.severity) == (0.9, Severity.ERROR)
    assert "H001" not in {f.code for f in report.findings}
    assert first.explains == ("Q001:queues/imports", "Q002:queues/imports")


def test_systemd_alone_names_the_kill_and_a_restart_means_no_dead_worker(tmp_path: Path) -> None:
    report = _killed_case(tmp_path / "a", KILLED_JOURNAL)
    assert report.findings[0].code == "H002"
    assert "by a signal" not in report.findings[0].summary  # systemd said 'oom-kill'
    restarted = KILLED_JOURNAL + (
        "2026-12-03T04:19:33+0000 etl-vm-2 systemd[1]: Started csv-worker.service - CSV "
        "manifest import worker (rq).\n"
        "2026-12-03T04:19:35+0000 etl-vm-2 csv-worker[250101]: 04:19:35 Worker "
        "csv-worker-etl-vm-2: started with PID 250101, version 3.0.0\n"
    )
    assert "H002" not in {f.code for f in _killed_case(tmp_path / "b", restarted).findings}
    # killed by a signal, no memory words anywhere
    signalled = KILLED_JOURNAL.replace("'oom-kill'", "'signal'").replace(
        "has been killed by the OOM killer", "received SIGKILL"
    )
    killed = _killed_case(tmp_path / "d", signalled).findings[0]
    assert killed.summary.startswith(
        "worker csv-worker-etl-vm-2 (pid 241733) was killed by a signal at 2026-12-03T04:19:28Z "
        "(csv-worker.service: Main process exited, code=killed, status=9/KILL); its last line"
    )
    # a clean stop is no kill
    stopped = KILLED_JOURNAL.replace("code=killed, status=9/KILL", "code=exited, status=0/SUCCESS")
    stopped = stopped.replace("'oom-kill'", "'success'").replace("killed by the OOM killer", "x")
    assert "H002" not in {f.code for f in _killed_case(tmp_path / "c", stopped).findings}


# -- registrations of workers that are gone (H003) ---------------------------------------


def _zombie_evidence(*extra: Record) -> Evidence:
    from opsdoc.evidence import QueueStats

    spot = [
        beat(f"ingest-spot-{h}-{n}", pid=1180 + n, state="busy", queues=("ingest",), host=f"ingest-spot-{h}")
        for h in ("5qxm", "0g7c")
        for n in (1, 2)
    ]  # fmt: skip
    app = beat("app-1", pid=23817, at=AS_OF - timedelta(minutes=5), state="idle", queues=("default",), host="app")  # fmt: skip
    backlog = QueueStats(Ref("exports", "rq-info.txt:1"), "ingest", "rq", 63, consumers=4, observed_at=AS_OF)  # fmt: skip
    return ev(*spot, app, backlog, *extra)


def test_h003_registrations_that_rq_refuses_to_replacements_or_whose_vm_ended() -> None:
    """A Spot VM preempted, recreated under the same name: rq refuses the new worker the
    name its dead predecessor still holds, and the other VM's operation log says it was
    preempted after its workers' last heartbeat. Both sets are gone; an idle worker whose
    beat is 5 minutes old (rq refreshes an idle worker's beat every 405 s) is alive."""
    from opsdoc.checks.queues import backlog_without_consumer, zombie_workers

    refusal = LogRecord(
        Ref("exports", "journal.txt:9"), AS_OF - timedelta(minutes=2), "ERROR",
        "ValueError: There exists an active worker named 'ingest-spot-5qxm-1' already",
    )  # fmt: skip
    preempted = LogRecord(
        Ref("exports", "gce-operations.json#0"), BEAT_AT + timedelta(minutes=1), "WARNING",
        "Compute Engine instance ingest-spot-0g7c: Instance was preempted.",
        stream="system", resource_type="gce_instance", instance="ingest-spot-0g7c",
    )  # fmt: skip
    e = _zombie_evidence(refusal, preempted)
    (hit,) = [h for h in zombie_workers(e) if h.subject == "workers/gone-but-registered"]
    assert hit.severity == Severity.ERROR
    assert (
        "3 registered workers (ingest-spot-0g7c-1, ingest-spot-0g7c-2, ingest-spot-5qxm-1)"
        in hit.summary
    )
    assert (
        "H002:workers/ingest-spot-5qxm-1" in hit.explains and "Q001:queues/ingest" in hit.explains
    )
    assert ("H002", "workers/app-1") not in codes(e)
    # one live registration is left for ingest (5qxm-2): not a queue without consumers
    assert list(backlog_without_consumer(e)) == []
    # without the refusal and the VM's end nothing says those stale registrations are gone
    assert [
        h for h in zombie_workers(_zombie_evidence()) if h.subject == "workers/gone-but-registered"
    ] == []


def test_h002_judges_a_captured_heartbeat_at_the_time_of_its_capture() -> None:
    """``rq info`` taken at 05:50 listed the worker whose beat was 2 minutes old then;
    reading the export at 06:00 does not make it stale."""
    from opsdoc.evidence import QueueStats

    captured = AS_OF - timedelta(minutes=10)
    listed = WorkerBeat(
        Ref("exports", "rq-info.txt:5"), "mailer", None, state="busy", queues=("q",)
    )
    stats = QueueStats(Ref("exports", "rq-info.txt:1"), "q", "rq", 0, observed_at=captured)
    fresh = beat(at=captured - timedelta(minutes=2), state="busy")
    assert codes(ev(listed, stats, fresh)) == []
    assert codes(ev(fresh)) == [("H002", "workers/mailer")]


# -- thread dumps and a container's main process ------------------------------------------


PYSPY = Path(__file__).parent / "fixtures" / "exports" / "pyspy"


def test_a_thread_dump_shows_the_process_alive_and_where_its_loop_is_stuck(
    tmp_path: Path,
) -> None:
    """A real ``py-spy dump`` (py-spy 0.4.3) of a process whose coroutine waits on a
    ``concurrent.futures.Future`` on the loop's own thread: the dump proves the pid alive
    at capture, and its main thread runs a loop step that never returned."""
    status = tmp_path / "status.json"
    status.write_text(json.dumps({"pid": 11239, "updated_at": BEAT_AT.isoformat()}))
    result = ExportsSource([str(PYSPY / "dump-loop-waits-on-future.txt"), str(status)]).collect(
        SourceContext(as_of=AS_OF, root=".", deadline_s=30)
    )
    assert result.problems == [] and result.skipped == []
    (dump,) = [r for r in result.records if isinstance(r, ProcessInfo)]
    assert (dump.pid, dump.cmdline, dump.status) == (
        11239,
        ("/usr/local/bin/python3", "/app/spyme.py"),
        "sleeping",
    )
    assert dump.stack[:3] == (
        "Condition.wait (threading.py:327)",
        "Future.result (concurrent/futures/_base.py:451)",
        "main (spyme.py:7)",
    )
    e = ev(*result.records)
    (hit,) = hung_worker(e)
    assert "pid 11239 is still alive (sleeping)" in hit.summary
    assert "its event loop's own thread is stuck in main (spyme.py:7)" in hit.summary
    assert hit.evidence[-1].quote.startswith("MainThread: Condition.wait (threading.py:327) <")
    assert not list(dead_worker(e))


def test_a_loop_idle_in_select_is_not_stuck() -> None:
    idle = (
        "EpollSelector.select (selectors.py:468)",
        "BaseEventLoop._run_once (asyncio/base_events.py:1884)",
        "BaseEventLoop.run_forever (asyncio/base_events.py:607)",
    )
    (hit,) = hung_worker(ev(beat(), proc(status="sleeping", stack=idle)))
    assert "pid 4242 is still alive (sleeping)" in hit.summary
    assert "stuck" not in hit.summary


def test_a_container_s_main_process_writes_the_pod_log() -> None:
    """``"pid": 1`` in a pod's status file: the container's main process, whose output is
    ``kubectl logs``. Lines after the beat was due show it alive; a status file naming
    another pid is not that log's writer."""
    later = [
        line(BEAT_AT + timedelta(minutes=m), f"dispute {m} received", instance="", where="k.txt:1")
        for m in (3, 4)
    ]
    (hit,) = hung_worker(ev(beat(pid=1), *later))
    assert "pid 1 kept logging until 2026-11-23T05:34:00Z" in hit.summary
    assert not list(hung_worker(ev(beat(pid=7), *later)))
