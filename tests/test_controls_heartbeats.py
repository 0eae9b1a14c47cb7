"""Controls for H001 and H002 (stale heartbeat: hung or dead), one guard per test.

Heartbeats, process-table rows and log lines are built in-process, shaped as the
sources record them, so each test holds only what its guard reads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.heartbeats import dead_worker, hung_worker, stale_beats
from opsdoc.evidence import (
    Evidence,
    LogRecord,
    ProcessInfo,
    QueueStats,
    Record,
    Ref,
    WorkerBeat,
)
from opsdoc.findings import EvidenceItem, Fix, Hit

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def ago(seconds: float) -> datetime:
    return AS_OF - timedelta(seconds=seconds)


def evidence(*records: Record, **settings: float) -> Evidence:
    ev = Evidence(as_of=AS_OF)
    ev.settings.update(settings)
    ev.add(records)
    return ev


def hung(*records: Record, **settings: float) -> list[Hit]:
    return list(hung_worker.__opsdoc_check__.func(evidence(*records, **settings)))  # type: ignore[attr-defined]


def dead(*records: Record, **settings: float) -> list[Hit]:
    return list(dead_worker.__opsdoc_check__.func(evidence(*records, **settings)))  # type: ignore[attr-defined]


def beat(
    seconds_ago: float = 600,
    worker: str = "worker",
    pid: int | None = 812,
    *,
    state: str = "",
    period: float | None = None,
    job: str = "",
    where: str = "status.json",
) -> WorkerBeat:
    return WorkerBeat(
        Ref("exports", where),
        worker,
        ago(seconds_ago),
        pid=pid,
        state=state,
        current_job=job,
        period_s=period,
    )


def proc(
    pid: int = 812,
    *,
    alive: bool = True,
    cpu: float | None = 0.0,
    status: str = "sleeping",
    started: datetime | None = None,
    cmdline: tuple[str, ...] = ("python", "worker.py"),
) -> ProcessInfo:
    return ProcessInfo(
        Ref("processes", f"pid {pid}"),
        pid,
        name="python",
        cmdline=cmdline,
        alive=alive,
        cpu_percent=cpu,
        status=status,
        create_time=started,
    )


def log(
    seconds_ago: float,
    message: str = "tick",
    *,
    instance: str = "812",
    where: str = "app.log",
    index: int = 1,
    stream: str = "",
) -> LogRecord:
    return LogRecord(
        Ref("exports", f"{where}:{index}"),
        ago(seconds_ago),
        "INFO",
        message,
        stream=stream,
        instance=instance,
    )


# -- what is stale ------------------------------------------------------------------------------


def test_stale_is_older_than_period_plus_grace() -> None:
    assert stale_beats(evidence(beat(180))) == []
    assert [s.age_s for s in stale_beats(evidence(beat(181)))] == [181]
    # both are settings
    assert stale_beats(evidence(beat(181), heartbeat_period_s=10, heartbeat_grace_s=200)) == []
    assert len(stale_beats(evidence(beat(100), heartbeat_period_s=10, heartbeat_grace_s=80))) == 1
    # the record's own period wins over the setting, when it has a positive one
    assert len(stale_beats(evidence(beat(100, period=5)))) == 0
    assert len(stale_beats(evidence(beat(130, period=5)))) == 1
    assert len(stale_beats(evidence(beat(130, period=0)))) == 0


@pytest.mark.parametrize(
    "state", ["stopped", "Exited", "shutdown", "shut down", "finished", "done", "expired"]
)
def test_a_worker_that_stopped_on_purpose_or_expired_is_not_stale(state: str) -> None:
    assert stale_beats(evidence(beat(600, state=state))) == []


def test_only_the_latest_beat_of_each_worker_counts() -> None:
    fresh_after_stale = evidence(beat(600), beat(10))
    assert stale_beats(fresh_after_stale) == []
    assert stale_beats(evidence(beat(10), beat(600))) == []
    # beats without a time are ignored; workers are reported in name order
    undated = WorkerBeat(Ref("exports", "x.json"), "a-worker", None)
    stale = stale_beats(evidence(beat(600, worker="b"), beat(700, worker="a"), undated))
    assert [s.beat.worker for s in stale] == ["a", "b"]


# -- the process table --------------------------------------------------------------------------

STATUS = EvidenceItem(
    "exports", "status.json", "worker worker: last heartbeat 2026-11-23T05:50:00Z, pid 812"
)
HUNG_FIX = Fix(
    text="Dump the stacks of every thread before restarting, find the frame the "
    "heartbeat loop is stuck in (a cross-thread `.result()`, a blocking call in "
    "async code, a read without timeout) and remove the wait. Then have a "
    "supervisor restart the worker when its heartbeat goes stale.",
    commands=(
        "ps -o pid,stat,etime,pcpu,cmd -p 812",
        "py-spy dump --pid 812",
        "opsdoc runbook H001",
    ),
)
DEAD_FIX = Fix(
    text="Find out why it died from its last log lines (traceback, Killed, OOM), "
    "run it under a supervisor that restarts it, and make in-flight work "
    "recoverable (acknowledge only after success).",
    commands=(
        "ps -p 812 -o pid,cmd",
        'dmesg -T | grep -iE "out of memory|killed process" | tail',
        "opsdoc runbook H002",
    ),
)
DESCRIBED = "worker's heartbeat is 10 min old (period 60 s + grace 2 min)"


def test_a_live_process_behind_a_stale_beat_is_hung_in_full() -> None:
    started = ago(3600)
    assert hung(beat(), proc(cpu=0.5, started=started)) == [
        Hit(
            subject="workers/worker",
            summary=f"{DESCRIBED} but pid 812 is still alive (0.5% CPU, sleeping): the worker is "
            "hung or deadlocked, not dead",
            evidence=(
                STATUS,
                EvidenceItem(
                    "processes",
                    "pid 812",
                    "pid 812, sleeping, cpu 0.5%, started 2026-11-23T05:00:00Z: python worker.py",
                ),
            ),
            fix=HUNG_FIX,
            confidence=0.9,
        )
    ]
    assert dead(beat(), proc(cpu=0.5, started=started)) == []


def test_the_live_process_quote_and_clause_without_optional_fields() -> None:
    [hit] = hung(beat(), proc(cpu=None, status="", cmdline=()))
    assert "pid 812 is still alive (running)" in hit.summary
    assert hit.evidence[1].quote == "pid 812, ?: python"


def test_a_process_gone_from_the_table_is_dead_in_full() -> None:
    assert dead(beat(), proc(alive=False, status="")) == [
        Hit(
            subject="workers/worker",
            summary=f"{DESCRIBED} and pid 812 no longer exists: the worker is gone",
            evidence=(STATUS, EvidenceItem("processes", "pid 812", "pid 812: gone")),
            fix=DEAD_FIX,
            confidence=0.9,
        )
    ]
    [hit] = dead(beat(), proc(alive=False, status="zombie"))
    assert hit.evidence[1].quote == "pid 812: zombie"
    assert hung(beat(), proc(alive=False)) == []


def test_a_pid_reused_by_a_process_started_after_the_beat_is_dead() -> None:
    # the beat was written 600 s ago; 2 s of clock slack between the two
    [hit] = dead(beat(), proc(started=ago(597)))
    assert hit.confidence == 0.8
    assert (
        "pid 812 now belongs to a process started 2026-11-23T05:50:03Z, after the last heartbeat"
        in hit.summary
    )
    assert len(hung(beat(), proc(started=ago(598)))) == 1


def test_a_pid_missing_from_a_listed_table_is_dead_at_lower_confidence() -> None:
    [hit] = dead(beat(), proc(pid=999), proc(pid=1000))
    assert (
        hit.summary
        == f"{DESCRIBED} and no process with pid 812 among the 2 listed: the worker is gone"
    )
    assert hit.confidence == 0.7 and hit.evidence == (STATUS,)


def test_without_a_pid_the_process_is_found_by_the_worker_name_on_its_command_line() -> None:
    anonymous = beat(worker="worker2", pid=None)
    runs_it = proc(pid=40, cmdline=("python", "/srv/worker2.py", "--queue", "a"))
    [hit] = hung(anonymous, runs_it)
    assert "pid 40 is still alive" in hit.summary
    assert hit.fix.commands[0] == "ps -o pid,stat,etime,pcpu,cmd -p PID"
    # a process that is gone, or names another worker, proves nothing
    assert hung(anonymous, proc(pid=40, alive=False, cmdline=("python", "worker2.py"))) == []
    assert hung(anonymous, proc(pid=40, cmdline=("python", "worker3.py"))) == []
    # the name is looked for among the first eight arguments only
    far = proc(pid=40, cmdline=("env", *(f"A{i}=1" for i in range(7)), "worker2.py"))
    [hit] = dead(anonymous, far)
    assert hit.confidence == 0.5
    assert hit.fix.commands[0] == "ps -p PID -o pid,cmd"


def test_nothing_known_about_the_process_is_presumably_gone() -> None:
    [hit] = dead(beat())
    assert hit.summary == (
        f"{DESCRIBED} and nothing shows the process after it (no process table, no log lines "
        "from it): the worker is presumably gone"
    )
    assert hit.confidence == 0.5


# -- log lines after the beat -------------------------------------------------------------------


def test_lines_after_the_beat_was_due_show_it_alive() -> None:
    # beat 600 s ago, due 540 s ago, overdue 420 s ago
    records = [
        beat(),
        log(590, "polling", index=1),
        log(500, "still polling", index=2),
        log(300, "x", index=3),
    ]
    [hit] = hung(*records)
    assert hit.summary == (
        f"{DESCRIBED} but pid 812 kept logging until 2026-11-23T05:55:00Z, 5 min after its last "
        "heartbeat (2 lines after it was due): the worker is hung or deadlocked, not dead"
    )
    assert [e.ref for e in hit.evidence] == ["status.json", "app.log:2", "app.log:3"]
    assert hit.confidence == 0.85


def test_lines_after_due_but_before_overdue_are_weaker() -> None:
    [hit] = hung(beat(), log(500, index=2))
    assert hit.confidence == 0.7
    assert "(1 line after it was due)" in hit.summary
    assert [e.ref for e in hit.evidence] == ["status.json", "app.log:2"]


def test_lines_only_before_the_beat_was_due_mean_it_died() -> None:
    [hit] = dead(beat(), log(560, "processing job 7", index=4))
    assert hit.summary == (
        f"{DESCRIBED} and pid 812 logged nothing after 2026-11-23T05:50:40Z, before its next "
        "heartbeat was due: the worker is gone"
    )
    assert hit.confidence == 0.75
    # exactly at the due time is not after it
    assert hung(beat(), log(540)) == []
    # lines before the beat itself say nothing
    [hit] = dead(beat(), log(700))
    assert hit.confidence == 0.5


@pytest.mark.parametrize(
    "words", ["Shutting down", "Worker exiting", "received SIGTERM", "KeyboardInterrupt"]
)
def test_a_last_line_saying_it_stopped_means_it_left(words: str) -> None:
    [hit] = dead(beat(), log(500, "working", index=1), log(400, words, index=2))
    assert hit.confidence == 0.85
    assert "pid 812's last log line, at 2026-11-23T05:53:20Z, says it was stopping" in hit.summary
    # near miss: the same words earlier, then more work
    assert len(hung(beat(), log(500, words, index=1), log(400, "working", index=2))) == 1


def test_lines_are_matched_to_the_process_by_instance_or_file_name() -> None:
    assert len(hung(beat(), log(500, instance="worker"))) == 1  # the worker's name
    assert len(hung(beat(), log(500, instance="812"))) == 1  # the pid
    assert hung(beat(), log(500, instance="813")) == []  # another pid
    # no instance: the log file named after the worker, or after the status file's host
    assert len(hung(beat(), log(500, instance="", where="logs/worker.log"))) == 1
    host = beat(where="status-web-7c9d4-qx4p.json")
    assert len(hung(host, log(500, instance="", where="kubectl-logs-web-7c9d4-qx4p.log"))) == 1
    assert hung(host, log(500, instance="", where="kubectl-logs-db-1a2b3-zz9q.log")) == []
    # an instance that is a host name, beside a beat with no pid, can match the file
    anonymous = beat(pid=None, worker="worker")
    assert len(hung(anonymous, log(500, instance="web-1", where="worker.log"))) == 1


def test_a_shared_name_must_be_long_and_hold_a_digit() -> None:
    # "web-abcdefgh" shares 10+ characters but no digit; "ab1" is too short
    host = beat(where="status-web-abcdefghij.json")
    assert hung(host, log(500, instance="", where="logs-web-abcdefghij.log")) == []
    short = beat(where="ab1.json")
    assert len(hung(short, log(500, instance="", where="ab1.log"))) == 1  # equal stems
    assert hung(short, log(500, instance="", where="xab1.log")) == []


def test_a_single_workers_status_file_owns_the_only_log() -> None:
    anonymous = beat(pid=None, worker="ingest")
    line = log(500, instance="", where="out.log", stream="file")
    assert len(hung(anonymous, line)) == 1
    # not a file log (a container stream), or two processes logging, or two workers
    assert hung(anonymous, log(500, instance="", where="out.log", stream="stdout")) == []
    two = [
        log(500, instance="a", where="out.log", stream="file"),
        log(450, instance="b", where="out.log", stream="file", index=2),
    ]
    assert hung(anonymous, *two) == []
    assert hung(anonymous, beat(pid=None, worker="other", seconds_ago=5), line) == []
    # one process named on every line is still one process
    same = [
        log(500, instance="a", where="out.log", stream="file"),
        log(450, instance="a", where="out.log", stream="file", index=2),
    ]
    assert len(hung(anonymous, *same)) == 1
    # with a pid the log must name it
    assert (
        hung(beat(pid=812, worker="ingest"), log(500, instance="", where="out.log", stream="file"))
        == []
    )


# -- both together ------------------------------------------------------------------------------


def test_a_live_process_wins_and_the_log_evidence_is_added() -> None:
    [hit] = hung(beat(), proc(), log(560, "last words before the due time", index=9))
    assert hit.confidence == 0.9
    assert [e.ref for e in hit.evidence] == ["status.json", "pid 812", "app.log:9"]


def test_lines_after_due_outrank_a_restarted_process() -> None:
    # the pid now belongs to a newer process, but the old one logged while overdue
    [hit] = hung(beat(), proc(started=ago(60)), log(300, index=3))
    assert hit.confidence == 0.85
    assert [e.ref for e in hit.evidence] == ["status.json", "app.log:3", "pid 812"]


def test_two_signs_of_death_are_both_said_and_the_surer_decides() -> None:
    [hit] = dead(beat(), proc(alive=False), log(560, "working", index=4))
    assert hit.summary == (
        f"{DESCRIBED} and pid 812 no longer exists; pid 812 logged nothing after "
        "2026-11-23T05:50:40Z, before its next heartbeat was due: the worker is gone"
    )
    assert hit.confidence == 0.9
    assert [e.ref for e in hit.evidence] == ["status.json", "pid 812", "app.log:4"]


def test_the_status_quote_names_state_and_job_when_known() -> None:
    [hit] = dead(beat(state="busy", job="job-42"))
    assert hit.evidence[0].quote == (
        "worker worker: last heartbeat 2026-11-23T05:50:00Z, pid 812, state busy, current job job-42"
    )
    [hit] = dead(beat(pid=None))
    assert hit.evidence[0].quote == "worker worker: last heartbeat 2026-11-23T05:50:00Z"


# -- two `rq info` captures: busy workers that finished nothing ---------------------------------

BEFORE = AS_OF - timedelta(minutes=25)
AFTER = AS_OF - timedelta(minutes=5)


def capture_queue(
    name: str, depth: int, finished: int, *, at: datetime, file: str, line: int
) -> QueueStats:
    return QueueStats(
        Ref("exports", f"{file}:{line}"),
        name,
        "rq",
        depth,
        finished=finished,
        observed_at=at,
    )


def listed(name: str, state: str, queues: tuple[str, ...], *, file: str, line: int) -> WorkerBeat:
    return WorkerBeat(
        Ref("exports", f"{file}:{line}"), name, None, pid=7, state=state, queues=queues
    )


def two_captures(*, still: str | None = None) -> list[Record]:
    """Four workers busy on ingest and reports at 05:35; by 05:55 nothing finished and
    the backlog grew. ``still``: the state they are listed in then (None: not listed)."""
    first, second = "rq-0535.txt", "rq-0555.txt"
    records: list[Record] = [
        capture_queue("ingest", 12, 140, at=BEFORE, file=first, line=1),
        capture_queue("reports", 3, 9, at=BEFORE, file=first, line=2),
        capture_queue("mail", 0, 4, at=BEFORE, file=first, line=3),
        capture_queue("ingest", 57, 140, at=AFTER, file=second, line=1),
        capture_queue("reports", 8, 9, at=AFTER, file=second, line=2),
        capture_queue("mail", 0, 4, at=AFTER, file=second, line=3),
        listed("feed-4", "busy", ("ingest",), file=first, line=8),
        listed("feed-1", "busy", ("ingest", "reports"), file=first, line=5),
        listed("feed-2", "started", ("ingest",), file=first, line=6),
        listed("feed-3", "busy", ("reports",), file=first, line=7),
        listed("idle-1", "idle", ("mail",), file=first, line=9),
    ]
    if still is not None:
        for i, name in enumerate(("feed-4", "feed-1", "feed-2", "feed-3")):
            records.append(listed(name, still, ("ingest",), file=second, line=5 + i))
    return records


HOST_LINES = [
    log(1800, "GET /healthz 200", index=1),  # before the first capture: says nothing
    log(600, "GET /healthz 200", index=3),
    log(120, "GET /healthz 200", index=4),
    log(900, "GET /healthz 200", index=2),
]
STALLED_EVIDENCE = (
    EvidenceItem("exports", "rq-0535.txt:8", "feed-4: busy on ingest"),
    EvidenceItem("exports", "rq-0535.txt:5", "feed-1: busy on ingest, reports"),
    EvidenceItem(
        "exports", "rq-0555.txt:1", "ingest: 57 queued, 140 finished at 2026-11-23T05:55:00Z"
    ),
    EvidenceItem(
        "exports", "rq-0555.txt:2", "reports: 8 queued, 9 finished at 2026-11-23T05:55:00Z"
    ),
    EvidenceItem("exports", "app.log:4", "2026-11-23T05:58:00Z INFO GET /healthz 200"),
)
STALLED_FIX = Fix(
    text="Dump the stacks of a stuck worker before restarting it (py-spy dump --pid PID): "
    "the frame it waits in is the bug (a lock taken twice, a read without timeout, a "
    "thread and the event loop waiting on each other). Then have a supervisor restart "
    "workers whose heartbeat goes stale.",
    commands=("py-spy dump --pid PID", "opsdoc runbook H001"),
)
STALLED_EXPLAINS = (
    "Q001:queues/ingest",
    "Q002:queues/ingest",
    "Q001:queues/reports",
    "Q002:queues/reports",
)


def test_busy_workers_that_vanished_while_the_hosts_log_are_hung_in_full() -> None:
    assert hung(*two_captures(), *HOST_LINES) == [
        Hit(
            subject="workers/feed-4",
            summary="4 worker(s) (feed-4, feed-1, feed-2) were busy on ingest, reports at "
            "2026-11-23T05:35:00Z; 20 min later they are no longer registered (their heartbeats "
            "stopped and the keys expired), no job finished and the backlog did not fall, while "
            "the hosts kept logging until 2026-11-23T05:58:00Z (3 line(s)): the workers are hung, "
            "not missing; starting more workers will not drain the queue",
            evidence=STALLED_EVIDENCE,
            fix=STALLED_FIX,
            confidence=0.75,
            root_cause=True,
            explains=STALLED_EXPLAINS,
        )
    ]
    # it is H001's alone: no stale heartbeat, so nothing for H002
    assert dead(*two_captures(), *HOST_LINES) == []


def test_busy_workers_still_busy_on_the_same_jobs_are_hung_with_more_confidence() -> None:
    [hit] = hung(*two_captures(still="busy"), *HOST_LINES)
    assert "20 min later they are still busy on the same jobs, no job finished" in hit.summary
    assert hit.confidence == 0.8
    assert hit.evidence == STALLED_EVIDENCE and hit.explains == STALLED_EXPLAINS


def test_stalled_workers_need_lines_after_the_first_capture() -> None:
    # only a line from before the first capture, and one without a time: nothing shows
    # the hosts alive, and dead or hung cannot be told apart
    undated = LogRecord(Ref("exports", "app.log:9"), None, "INFO", "GET /healthz 200")
    assert hung(*two_captures(), HOST_LINES[0], undated) == []
    # a single line just after it is enough
    [hit] = hung(*two_captures(), log(1499, "GET /healthz 200", index=5))
    assert "kept logging until 2026-11-23T05:35:01Z (1 line(s))" in hit.summary
    assert hit.evidence[-1] == EvidenceItem(
        "exports", "app.log:5", "2026-11-23T05:35:01Z INFO GET /healthz 200"
    )
    # a line exactly at the first capture is not after it
    assert hung(*two_captures(), log(1500, "GET /healthz 200", index=5)) == []


@pytest.mark.parametrize(
    ("status", "log_file"),
    [
        # ten characters exactly, at the start of the log's name or of the status file's
        ("status-7c9d4-qx4p.json", "7c9d4-qx4p.log"),
        ("7c9d4-qx4p.json", "kubectl-logs-7c9d4-qx4p.log"),
        # an upper-case host name (a laptop's, a Windows server's) counts as written
        ("status-XPS15-9520.json", "worker-XPS15-9520.log"),
    ],
)
def test_a_shared_run_of_exactly_ten_characters_ties_a_log_to_a_status_file(
    status: str, log_file: str
) -> None:
    host = beat(where=status)
    assert len(hung(host, log(500, instance="", where=log_file))) == 1


def test_separators_around_a_shared_run_do_not_count_towards_its_ten_characters() -> None:
    # "-c9d4-qx4p" is ten characters with its leading dash, nine without
    host = beat(where="zz-c9d4-qx4p.json")
    assert hung(host, log(500, instance="", where="ab-c9d4-qx4p.log")) == []
    # one more character of the pod's name, and the run is long enough
    longer = beat(where="zz-7c9d4-qx4p.json")
    assert len(hung(longer, log(500, instance="", where="ab-7c9d4-qx4p.log"))) == 1


def test_a_line_written_at_the_heartbeat_itself_is_not_after_it() -> None:
    # the only log of the only worker: a line at the beat's own second shows nothing
    anonymous = beat(pid=None, worker="ingest")
    [hit] = dead(anonymous, log(600, instance="", where="out.log", stream="file"))
    assert hit.confidence == 0.5
    [hit] = dead(anonymous, log(599, instance="", where="out.log", stream="file"))
    assert hit.confidence == 0.75


def test_the_last_line_is_the_latest_whatever_order_the_lines_came_in() -> None:
    [hit] = hung(beat(), log(300, "later", index=3), log(500, "earlier", index=2))
    assert "kept logging until 2026-11-23T05:55:00Z" in hit.summary
    assert [e.ref for e in hit.evidence] == ["status.json", "app.log:2", "app.log:3"]


def test_a_worker_without_a_pid_is_named_by_its_worker_name() -> None:
    anonymous = beat(pid=None, worker="ingest")
    [hit] = hung(anonymous, log(300, instance="ingest", index=3))
    assert "but ingest kept logging until 2026-11-23T05:55:00Z" in hit.summary
    [hit] = dead(anonymous, log(560, instance="ingest", index=3))
    assert "and ingest logged nothing after 2026-11-23T05:50:40Z" in hit.summary


def test_the_beats_own_second_and_the_overdue_second_are_not_after_them() -> None:
    # beat 600 s ago, due 540 s ago, overdue 420 s ago
    [hit] = dead(beat(), log(600))
    assert hit.confidence == 0.5
    [hit] = hung(beat(), log(420))
    assert hit.confidence == 0.7
    [hit] = hung(beat(), log(419))
    assert hit.confidence == 0.85


def test_a_log_file_named_after_the_worker_is_matched_by_its_path_alone() -> None:
    # a file without an extension, and a directory whose name holds colons
    assert len(hung(beat(), log(500, instance="", where="logs/worker"))) == 1
    assert len(hung(beat(), log(500, instance="", where="logs/2026-11-23T06:00/worker.log"))) == 1
    assert hung(beat(), log(500, instance="", where="logs/2026-11-23T06:00/other.log")) == []


def test_a_beat_every_second_is_stale_after_one_second_plus_grace() -> None:
    assert stale_beats(evidence(beat(121, period=1))) == []
    assert [s.period_s for s in stale_beats(evidence(beat(122, period=1)))] == [1]


def test_a_worker_that_stopped_on_purpose_does_not_hide_the_next_one() -> None:
    stale = stale_beats(evidence(beat(600, worker="a", state="stopped"), beat(600, worker="b")))
    assert [s.beat.worker for s in stale] == ["b"]


def test_of_two_beats_of_one_worker_in_the_same_second_the_first_read_speaks() -> None:
    [s] = stale_beats(evidence(beat(600, pid=812), beat(600, pid=813, where="other.json")))
    assert (s.beat.pid, s.beat.ref.location) == (812, "status.json")


def test_hung_and_dead_workers_side_by_side_each_get_their_own_finding() -> None:
    records = [
        beat(worker="a", pid=1),
        proc(pid=1, alive=False),
        beat(worker="b", pid=2),
        proc(pid=2),
        beat(worker="c", pid=3),
        proc(pid=3, alive=False),
    ]
    assert [h.subject for h in hung(*records)] == ["workers/b"]
    assert [h.subject for h in dead(*records)] == ["workers/a", "workers/c"]


def test_stalled_workers_quote_two_of_their_queues() -> None:
    # the idle mail queue of the two captures now has a backlog, and a busy worker on it
    records = [r for r in two_captures() if isinstance(r, QueueStats) and r.queue != "mail"]
    records += [
        capture_queue("mail", 2, 4, at=BEFORE, file="rq-0535.txt", line=3),
        capture_queue("mail", 2, 4, at=AFTER, file="rq-0555.txt", line=3),
        listed("feed-1", "busy", ("ingest", "mail", "reports"), file="rq-0535.txt", line=5),
    ]
    [hit] = hung(*records, *HOST_LINES)
    assert "were busy on ingest, mail, reports at" in hit.summary
    assert [e.ref for e in hit.evidence] == [
        "rq-0535.txt:5",
        "rq-0555.txt:1",
        "rq-0555.txt:3",
        "app.log:4",
    ]


# -- a worker stuck inside one job (rq info + its log) -----------------------------------------


def _rq_busy(worker: str = "w1") -> WorkerBeat:
    return WorkerBeat(Ref("exports", "rq-info.txt:4"), worker, None, pid=1, state="busy")


def _job_lines(
    start_ago: float, jobs: int, took: float, worker: str = "w1", where: str = "worker.log"
) -> list[LogRecord]:
    """``jobs`` jobs taken one after another, each ended after ``took`` seconds, from
    ``start_ago``; then one more taken and never ended."""
    out: list[LogRecord] = []
    at, n = start_ago, 0
    for i in range(jobs + 1):
        n += 1
        out.append(
            log(at, f"Worker {worker}: default: app.tasks.send({i}) (job-{i})", where=where,
                index=n, instance=worker)
        )  # fmt: skip
        if i < jobs:
            at -= took
            n += 1
            out.append(log(at, f"Worker {worker}: default: Job OK (job-{i})", where=where,
                           index=n, instance=worker))  # fmt: skip
            at -= 0.01
    return out


def _probes(from_ago: float, to_ago: float, where: str = "worker.log") -> list[LogRecord]:
    out, at, n = [], from_ago, 1000
    while at > to_ago:
        n += 1
        out.append(log(at, '10.0.0.9 - - "GET /healthz HTTP/1.1" 200 -', where=where,
                       index=n, instance="10.0.0.9"))  # fmt: skip
        at -= 30
    return out


def test_a_busy_worker_whose_log_took_a_job_and_never_ended_it_is_hung() -> None:
    lines = _job_lines(2600, 9, 1.5) + _probes(2580, 5)
    [hit] = hung(_rq_busy(), *lines)
    assert hit.subject == "workers/w1"
    assert hit.root_cause
    assert hit == Hit(
        subject="workers/w1",
        summary="worker w1 took job job-9 (app.tasks.send(9)) at 2026-11-23T05:16:53Z and "
        "logged no end of it for 43 min (its other jobs took 1.5 s (median)), while the same "
        "log went on until 2026-11-23T05:59:30Z (86 lines) and rq still lists it busy: the "
        "worker is hung inside that job, not dead",
        evidence=(
            EvidenceItem("exports", "worker.log:19", "2026-11-23T05:16:53Z INFO Worker w1: default: app.tasks.send(9) (job-9)"),
            EvidenceItem("exports", "rq-info.txt:4", "w1: busy"),
            EvidenceItem("exports", "worker.log:1086", '2026-11-23T05:59:30Z INFO 10.0.0.9 - - "GET /healthz HTTP/1.1" 200 -'),
        ),
        fix=Fix(
            text="Dump the worker's stacks before restarting it (py-spy dump --pid PID): the "
            "frame the job waits in is the bug (a lock never released on an error path, a read "
            "without timeout, a result that never comes). Give the job's waits timeouts, and "
            "have a supervisor restart a worker busy far past its jobs' usual time.",
            commands=("py-spy dump --pid PID", "opsdoc runbook H001"),
        ),
        confidence=0.8,
        root_cause=True,
        explains=("Q001:queues/default", "Q002:queues/default", "Q003:queues/default"),
    )  # fmt: skip
    # a backlog behind it is counted and quoted
    backlog = QueueStats(Ref("exports", "rq-info.txt:1"), "default", "rq", 12)
    [queued] = hung(_rq_busy(), backlog, *lines)
    assert queued.summary.endswith("not dead; 12 job(s) wait behind it")
    assert queued.evidence[-1] == EvidenceItem("exports", "rq-info.txt:1", "default: 12 queued")


@pytest.mark.parametrize(
    ("case", "records"),
    [
        # the log stopped with the job: dead or hung cannot be told apart
        ("log stopped", [*_job_lines(2600, 9, 1.5), *_probes(2580, 1800)]),
        # open for less than twenty times its jobs' usual time (and under ten minutes)
        ("short", [*_job_lines(500, 9, 1.5), *_probes(480, 5)]),
        # the worker's long jobs: 20 x 120 s is 40 min, the open one 43 min - 18 min
        ("usual for it", [*_job_lines(2600, 9, 120), *_probes(2580, 5)]),
        # another file's lines do not show this process alive
        ("other log", [*_job_lines(2600, 9, 1.5), *_probes(2580, 5, where="other.log")]),
        # the last line says it was stopping
        (
            "stopping",
            [*_job_lines(2600, 9, 1.5), log(10, "Warm shut down", where="worker.log", index=999)],
        ),
    ],
)
def test_a_stuck_job_needs_a_living_log_a_long_time_and_no_last_words(
    case: str, records: list[Record]
) -> None:
    assert hung(_rq_busy(), *records) == [], case


def test_without_a_busy_registration_an_open_job_is_not_a_hang() -> None:
    lines = _job_lines(2600, 9, 1.5) + _probes(2580, 5)
    idle = WorkerBeat(Ref("exports", "rq-info.txt:4"), "w1", None, pid=1, state="idle")
    assert hung(idle, *lines) == []


def test_a_containers_main_process_is_matched_to_its_pods_log_by_the_host_it_names() -> None:
    """``{"hostname": "bridge-6c9f7d8b5-kx2lq", "pid": 1}``: the container's main process,
    whose output is that pod's log. Probes answered there after the beat stopped show it
    alive: hung, not gone. The access line's leading address is the client's."""
    from dataclasses import replace

    from opsdoc.evidence import HttpInfo

    status = replace(
        beat(pid=1, worker="heartbeat", where="heartbeat.json"), host="bridge-6c9f7d8b5-kx2lq"
    )
    probe = replace(
        log(
            500,
            '10.132.0.14 - - "GET /healthz HTTP/1.1" 200 -',
            instance="10.132.0.14",
            where="kubectl-logs-bridge-6c9f7d8b5-kx2lq--since-3h.log",
        ),
        http=HttpInfo(method="GET", url="/healthz", path="/healthz", status=200),
    )
    assert len(hung(status, probe)) == 1
    elsewhere = replace(probe, ref=Ref("exports", "kubectl-logs-bridge-6c9f7d8b5-zz9qq.log:1"))
    assert hung(status, elsewhere) == []
    not_main = replace(status, pid=812)  # another process of that host
    assert hung(not_main, probe) == []


def test_a_stuck_job_without_other_jobs_to_compare_waits_half_an_hour() -> None:
    """The first job the log shows, never ended: with no usual time to compare, a job open
    for three times the ten-minute floor is a hang, at lower confidence."""
    first = [log(2400, "Worker w1: default: app.tasks.send(0) (job-0)", where="worker.log", index=1, instance="w1")]  # fmt: skip
    [hit] = hung(_rq_busy(), *first, *_probes(2380, 5))
    assert hit.confidence == 0.65
    assert "logged no end of it for 40 min, while the same log" in hit.summary
    assert hung(_rq_busy(), *[replace(first[0], timestamp=AS_OF - timedelta(seconds=1700))],
                *_probes(1690, 5)) == []  # fmt: skip


def test_a_stuck_job_names_the_only_busy_registration_and_counts_to_the_capture() -> None:
    lines = _job_lines(2600, 9, 1.5) + _probes(2580, 5)
    # the registration's name differs from the log's, but it is the only busy one
    [hit] = hung(replace(_rq_busy("render-1"), state="started"), *lines)
    assert hit.subject == "workers/render-1"
    # two busy registrations of other names: which one took the job is unknown
    assert hung(_rq_busy("render-1"), _rq_busy("render-2"), *lines) == []
    # measured up to the newest capture of the queues, not to the reading
    capture = QueueStats(
        Ref("exports", "rq-info.txt:1"), "default", "rq", 3,
        observed_at=AS_OF - timedelta(seconds=2600 - 700),
    )  # fmt: skip
    [at_capture] = hung(_rq_busy(), capture, *lines)
    assert "logged no end of it for 11 min" in at_capture.summary


def test_one_line_after_the_job_is_one_line() -> None:
    still = log(30, "still here", where="worker.log", index=500, instance="w1")
    lines = [*_job_lines(2600, 9, 1.5), still]
    [hit] = hung(_rq_busy(), *lines)
    assert "(1 line) and rq still lists it busy" in hit.summary
