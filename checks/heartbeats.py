"""Heartbeats: a worker that stopped proving it is alive is either hung or dead.

The two look identical from the queue (nothing gets processed) and from the status
file (it stops changing), but need opposite responses: a hung process wants a
stack dump before anyone restarts it, a dead one wants a supervisor and a
post-mortem. What tells them apart is a sign of life after the heartbeat was due:
the pid in the live process table, or (offline) log lines from the same pid or
worker name written after that moment.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from pathlib import PurePath

from opsdoc.check_helpers import (
    beat_allowance,
    human_seconds,
    iso,
    log_quote,
    rq_captures,
    stalled_workers,
    zombie_registrations,
)
from opsdoc.evidence import Evidence, LogRecord, ProcessInfo, QueueStats, WorkerBeat
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.jobspans import JobSpan, job_spans, same_log, typical_seconds
from opsdoc.plugin import check

_STOPPED_ON_PURPOSE = {"stopped", "exited", "shutdown", "shut down", "finished", "done"}
"""States a worker writes when it ends cleanly: a stale beat then is not an incident."""
_LEFT_TO_H003 = {"expired"}
"""RQ registrations whose key expired are zombie registrations (H003), not ours."""
_LAST_WORDS = re.compile(
    r"\b(?:shutting down|shut down|exiting|exited|stopping|stopped|terminat(?:ed|ing)|"
    r"killed|SIGTERM|SIGKILL|SIGINT|KeyboardInterrupt|SystemExit)\b",
    re.I,
)
"""A last line like these means the process left; it was not hung."""
_CREATE_SLACK = timedelta(seconds=2)


@dataclass(frozen=True)
class _Stale:
    """A worker's latest heartbeat, known to be overdue at the reference time."""

    beat: WorkerBeat
    at: datetime
    age_s: float
    period_s: float
    grace_s: float

    @property
    def due(self) -> datetime:
        """When the next heartbeat should have been written."""
        return self.at + timedelta(seconds=self.period_s)

    @property
    def overdue(self) -> datetime:
        return self.at + timedelta(seconds=self.period_s + self.grace_s)

    def describe(self) -> str:
        return (
            f"{self.beat.worker}'s heartbeat is {human_seconds(self.age_s)} old "
            f"(period {human_seconds(self.period_s)} + grace {human_seconds(self.grace_s)})"
        )

    def quote(self) -> EvidenceItem:
        b = self.beat
        parts = [f"worker {b.worker}: last heartbeat {iso(self.at)}"]
        if b.pid is not None:
            parts.append(f"pid {b.pid}")
        if b.state:
            parts.append(f"state {b.state}")
        if b.current_job:
            parts.append(f"current job {b.current_job}")
        return quote(b.ref.source, b.ref.location, ", ".join(parts))


@dataclass(frozen=True)
class _Verdict:
    """What the evidence says about the process behind a stale heartbeat."""

    alive: bool
    how: str
    """A clause for the summary: what shows it alive, or that it is gone."""
    evidence: tuple[EvidenceItem, ...]
    confidence: float


def stale_beats(ev: Evidence) -> list[_Stale]:
    """The latest heartbeat of each worker, when it is older than its period plus grace.

    Uses the record's own period when the source knew it, else the configured one.
    """
    latest: dict[str, WorkerBeat] = {}
    for b in ev.of(WorkerBeat):
        if b.at is None or b.state.lower() in _STOPPED_ON_PURPOSE | _LEFT_TO_H003:
            continue
        prev = latest.get(b.worker)
        if prev is None or (prev.at is not None and b.at > prev.at):
            latest[b.worker] = b
    listed = _listed_at(ev)
    out = []
    for worker in sorted(latest):
        b = latest[worker]
        assert b.at is not None
        period, grace = beat_allowance(ev, b)
        # a heartbeat read from a capture is as old as it was when captured: judged then
        seen = listed.get(worker)
        reference = seen if seen is not None and b.at <= seen < ev.as_of else ev.as_of
        age = (reference - b.at).total_seconds()
        if age > period + grace:
            out.append(_Stale(b, b.at, age, period, grace))
    return out


def _listed_at(ev: Evidence) -> dict[str, datetime]:
    """When a dated ``rq info`` capture last listed each worker."""
    out: dict[str, datetime] = {}
    for capture in rq_captures(ev):
        for w in capture.workers:
            out[w.worker] = max(out.get(w.worker, capture.at), capture.at)
    return out


_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+")


def _same_process(rec: LogRecord, beat: WorkerBeat) -> bool:
    instance = rec.instance
    if rec.http is not None and _ADDRESS.fullmatch(instance):
        instance = ""  # an access line's leading address is the client's, not the process's
    if instance and (
        instance == beat.worker or (beat.pid is not None and instance == str(beat.pid))
    ):
        return True
    if instance and beat.pid is not None:
        return False
    # Its file may be named after the worker (worker2.log) or after the same pod or
    # host as the status file (status-web-7c9d-qx4p.json, kubectl-logs-web-7c9d-qx4p.log),
    # or after the host the status file names (``"hostname": "web-7c9d-qx4p"``, pid 1:
    # the container's main process, whose output is that pod's log).
    stem = PurePath(rec.ref.location.rsplit(":", 1)[0]).stem
    return (
        _share_a_name(stem, beat.worker)
        or _share_a_name(stem, PurePath(beat.ref.location).stem)
        or (bool(beat.host) and beat.pid in (None, 1) and beat.host in stem)
    )


def _share_a_name(a: str, b: str) -> bool:
    """Equal, or sharing a distinctive run (a pod or host name: 10+ characters with a digit)."""
    if a == b:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    shared = a[match.a : match.a + match.size].strip("-_.")
    return len(shared) >= 10 and any(c.isdigit() for c in shared)


def _named_by(proc: ProcessInfo, worker: str) -> bool:
    """A process whose command line runs the worker by name (``python worker2.py``)."""
    return any(PurePath(arg).stem == worker for arg in proc.cmdline[:8])


def _process_verdict(ev: Evidence, s: _Stale) -> _Verdict | None:
    procs = ev.of(ProcessInfo)
    if not procs:
        return None
    b = s.beat
    if b.pid is not None:
        mine = [p for p in procs if p.pid == b.pid]
    else:
        mine = [p for p in procs if p.alive and _named_by(p, b.worker)]
    for p in mine:
        item = _process_quote(p)
        if not p.alive:
            return _Verdict(False, f"pid {p.pid} no longer exists", (item,), 0.9)
        if p.create_time is not None and p.create_time > s.at + _CREATE_SLACK:
            return _Verdict(
                False,
                f"pid {p.pid} now belongs to a process started {iso(p.create_time)}, "
                "after the last heartbeat",
                (item,),
                0.8,
            )
        cpu = f"{p.cpu_percent:g}% CPU, " if p.cpu_percent is not None else ""
        state = p.status or "running"
        how = f"pid {p.pid} is still alive ({cpu}{state})"
        items: tuple[EvidenceItem, ...] = (item,)
        if p.stack:
            # where the thread dump found its main thread: the call it is stuck in
            items += (
                quote(p.ref.source, p.ref.location, "MainThread: " + " < ".join(p.stack[:8])),
            )
            stuck = _loop_stuck_in(p.stack)
            if stuck:
                how += f"; its event loop's own thread is stuck in {stuck}"
        return _Verdict(True, how, items, 0.9)
    if b.pid is not None:
        return _Verdict(
            False,
            f"no process with pid {b.pid} among the {len(procs)} listed",
            (),
            0.7,
        )
    return None


def _loop_stuck_in(stack: tuple[str, ...]) -> str:
    """The innermost frame of the program's own code (not the standard library's) when a
    main thread's stack is an event loop running a step (``Handle._run`` under
    ``BaseEventLoop._run_once``) that has not returned; '' for a loop idle in ``select``."""
    names = [frame.split(" (")[0] for frame in stack]
    if "Handle._run" not in names or not any(n.endswith("._run_once") for n in names):
        return ""
    for frame in stack[: names.index("Handle._run")]:
        where = frame.rpartition("(")[2].rstrip(")")
        top = where.split("/")[0].split(":")[0].removesuffix(".py")
        if top and top not in sys.stdlib_module_names and not where.startswith("<"):
            return frame
    return stack[0]


def _process_quote(p: ProcessInfo) -> EvidenceItem:
    if not p.alive:
        return quote(p.ref.source, p.ref.location, f"pid {p.pid}: {p.status or 'gone'}")
    cmd = " ".join(p.cmdline) or p.name
    parts = [f"pid {p.pid}", p.status or "?"]
    if p.cpu_percent is not None:
        parts.append(f"cpu {p.cpu_percent:g}%")
    if p.create_time is not None:
        parts.append(f"started {iso(p.create_time)}")
    return quote(p.ref.source, p.ref.location, ", ".join(parts) + f": {cmd}")


def _only_process_lines(ev: Evidence, s: _Stale) -> list[LogRecord]:
    """A status file that names no process, or names pid 1 (a container's main process,
    whose output is the pod's or container's log), beside a log written by one process
    only: with a single worker in the evidence, that log is its log."""
    beat = s.beat
    if beat.pid not in (None, 1) or len({b.worker for b in ev.of(WorkerBeat)}) != 1:
        return []
    after = [
        r
        for r in ev.of(LogRecord)
        if r.timestamp is not None and r.stream == "file" and r.timestamp > s.at
    ]
    if len({r.instance for r in after if r.instance}) > 1:
        return []
    return after


def _log_verdict(ev: Evidence, s: _Stale) -> _Verdict | None:
    lines = [
        r
        for r in ev.of(LogRecord)
        if r.timestamp is not None and r.timestamp > s.at and _same_process(r, s.beat)
    ]
    if not lines:
        lines = _only_process_lines(ev, s)
    if not lines:
        return None
    lines.sort(key=lambda r: r.timestamp or s.at)
    last = lines[-1]
    assert last.timestamp is not None
    after_due = [r for r in lines if r.timestamp is not None and r.timestamp > s.due]
    who = f"pid {s.beat.pid}" if s.beat.pid is not None else s.beat.worker
    if _LAST_WORDS.search(last.message):
        return _Verdict(
            False,
            f"{who}'s last log line, at {iso(last.timestamp)}, says it was stopping",
            (log_quote(last),),
            0.85,
        )
    if not after_due:
        return _Verdict(
            False,
            f"{who} logged nothing after {iso(last.timestamp)}, before its next heartbeat was due",
            (log_quote(last),),
            0.75,
        )
    first = after_due[0]
    assert first.timestamp is not None
    later = human_seconds((last.timestamp - s.at).total_seconds())
    items = (log_quote(first),) if first is last else (log_quote(first), log_quote(last))
    return _Verdict(
        True,
        f"{who} kept logging until {iso(last.timestamp)}, {later} after its last heartbeat "
        f"({len(after_due)} line{'s' if len(after_due) != 1 else ''} after it was due)",
        items,
        0.85 if last.timestamp > s.overdue else 0.7,
    )


def verdict(ev: Evidence, s: _Stale) -> _Verdict:
    """Alive if anything shows it alive after the beat was due; gone otherwise.

    A live process is the strongest sign; log lines prove it was alive while the
    heartbeat was overdue even when the process has been restarted since.
    """
    by_process = _process_verdict(ev, s)
    by_logs = _log_verdict(ev, s)
    for v in (by_process, by_logs):
        if v is not None and v.alive:
            other = by_logs if v is by_process else by_process
            extra = other.evidence if other is not None else ()
            return _Verdict(True, v.how, v.evidence + extra, v.confidence)
    known = [v for v in (by_process, by_logs) if v is not None]
    if known:
        best = max(known, key=lambda v: v.confidence)
        items = tuple(i for v in known for i in v.evidence)
        return _Verdict(False, "; ".join(v.how for v in known), items, best.confidence)
    return _Verdict(
        False,
        "nothing shows the process after it (no process table, no log lines from it)",
        (),
        0.5,
    )


def _pid_or(b: WorkerBeat, fallback: str) -> str:
    return str(b.pid) if b.pid is not None else fallback


@check(
    "H001",
    "Heartbeat stale while the process is alive: hung or deadlocked",
    needs={WorkerBeat},
    severity=Severity.ERROR,
)
def hung_worker(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a worker whose heartbeat or status file is older than its period plus
    grace at the reference time (`--as-of`, default now) while its process is
    demonstrably alive: the pid is in the live process table (and started before
    the last heartbeat), or, offline, the same pid or worker name wrote log lines
    after the next heartbeat was due.

    ## Why is this bad?
    The heartbeat is written by the loop that does the work. When it stops while
    the process lives on, that loop is stuck: a thread and the event loop waiting
    on each other, a blocking call inside `async def`, a network read with no
    timeout. Nothing crashes, nothing is logged at the moment it happens, jobs pile
    up, and restarting only resets the clock until the next time.

    ## Example
    ```python
    class Changed(FileSystemEventHandler):
        def on_modified(self, event):  # watchdog's observer thread
            asyncio.run_coroutine_threadsafe(reload(event.src_path), loop).result()
    ```
    The status file stops at 14:02 while the watcher thread keeps logging from
    the same pid. Use instead an async poll inside the loop, or hand the event over
    with `loop.call_soon_threadsafe(queue.put_nowait, path)` and never wait on it.

    ## Fix safety
    No automatic fix. Take a stack dump (`py-spy dump --pid PID`) before
    restarting: it names the frame the worker is stuck in. A003 and A001 point
    at the usual culprits in the code and explain this finding when present.

    ## References
    Thresholds `heartbeat-period-s` and `heartbeat-grace-s`; SPEC section 5.
    """
    yield from _stalled_rq_workers(ev)
    yield from _stuck_in_a_job(ev)
    for s in stale_beats(ev):
        v = verdict(ev, s)
        if not v.alive:
            continue
        pid = _pid_or(s.beat, "PID")
        yield Hit(
            subject=f"workers/{s.beat.worker}",
            explains=_orphaned_queues(ev, s.beat),
            summary=f"{s.describe()} but {v.how}: the worker is hung or deadlocked, not dead",
            evidence=(s.quote(), *v.evidence),
            fix=Fix(
                text="Dump the stacks of every thread before restarting, find the frame the "
                "heartbeat loop is stuck in (a cross-thread `.result()`, a blocking call in "
                "async code, a read without timeout) and remove the wait. Then have a "
                "supervisor restart the worker when its heartbeat goes stale.",
                commands=(
                    f"ps -o pid,stat,etime,pcpu,cmd -p {shlex.quote(str(pid))}",
                    f"py-spy dump --pid {shlex.quote(str(pid))}",
                    "opsdoc runbook H001",
                ),
            ),
            confidence=v.confidence,
        )


@check(
    "H002",
    "Heartbeat missing and the process gone",
    needs={WorkerBeat},
    severity=Severity.ERROR,
    root_cause=True,
)
def dead_worker(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a worker whose heartbeat or status file is older than its period plus
    grace at the reference time while nothing shows its process alive: the pid is
    not running (or now belongs to a newer process), its last log line says it was
    stopping, or nothing from its pid or name was logged after the next heartbeat
    was due. Workers whose status says they stopped on purpose are left alone.

    ## Why is this bad?
    The worker died (an exception escaping its loop, the OOM killer, a host or
    container stop) and nothing restarted it. Its queue has no consumer, and the job
    it held is lost or stuck until something redelivers it.

    ## Example
    `worker_status.json` says `"last_update": "2025-10-18T14:02:11"` with pid
    4242; at 14:30 `ps -p 4242` finds nothing and the worker's log ends at 14:02
    with `Killed`.
    Use instead a supervisor (systemd `Restart=always`, a container restart
    policy) and alert on heartbeat age.

    ## Fix safety
    No automatic fix: opsdoc never starts or signals processes.

    ## References
    Thresholds `heartbeat-period-s` and `heartbeat-grace-s`; SPEC section 5.
    """
    reported: set[str] = set()
    for s in stale_beats(ev):
        v = verdict(ev, s)
        if v.alive:
            continue
        reported.add(s.beat.worker)
        pid = _pid_or(s.beat, "PID")
        yield Hit(
            subject=f"workers/{s.beat.worker}",
            explains=_orphaned_queues(ev, s.beat),
            summary=f"{s.describe()} and {v.how}: the worker is "
            + ("gone" if v.confidence >= 0.7 else "presumably gone"),
            evidence=(s.quote(), *v.evidence),
            fix=Fix(
                text="Find out why it died from its last log lines (traceback, Killed, OOM), "
                "run it under a supervisor that restarts it, and make in-flight work "
                "recoverable (acknowledge only after success).",
                commands=(
                    f"ps -p {shlex.quote(str(pid))} -o pid,cmd",
                    'dmesg -T | grep -iE "out of memory|killed process" | tail',
                    "opsdoc runbook H002",
                ),
            ),
            confidence=v.confidence,
        )

    yield from _killed_workers(ev, reported)


_KILLED_PID = re.compile(r"\bKilled process (\d+)\b")
"""The kernel's OOM killer (``Out of memory: Killed process 241733 (rq) ...``)."""
_UNIT_DIED = re.compile(
    r"\.service: Main process exited, code=(?:killed|dumped)|\.service: Failed with result "
    r"'(?:oom-kill|signal|core-dump)'"
)
"""systemd on the unit whose main process a signal ended (the OOM killer's SIGKILL too)."""


_RESTART = re.compile(r"\bStarted .+\.service\b|\bstarted with PID \d+")
"""A supervisor started the unit again, or a new worker process came up."""
_OOM = re.compile(r"out of memory|oom-kill|oom killer", re.I)


@dataclass(frozen=True)
class _Death:
    worker: WorkerBeat
    last: LogRecord
    """The worker's own last line."""
    lines: tuple[LogRecord, ...]
    """What says it died: the kernel naming its pid, systemd on its unit."""


def killed_workers(ev: Evidence) -> list[_Death]:
    """Workers the evidence shows killed: a registered worker (``rq info`` gives its pid)
    whose pid the kernel names as killed, or whose own log (the journal file its pid
    writes to) ends with systemd saying the unit's main process died by a signal, with
    no line from that pid afterwards. A worker that logged on after it is alive."""
    beats: dict[int, WorkerBeat] = {}
    for b in ev.of(WorkerBeat):
        if b.pid is not None and b.pid > 1:
            beats.setdefault(b.pid, b)
    if not beats:
        return []
    # one pass over the logs: each registered pid's own lines, and the few lines that
    # say a process died or a unit started (read once, however many workers there are)
    own: dict[str, list[LogRecord]] = {str(pid): [] for pid in beats}
    deaths: list[tuple[LogRecord, int | None]] = []
    starts: list[LogRecord] = []
    for r in ev.of(LogRecord):
        if r.timestamp is None:
            continue
        if r.instance in own:
            own[r.instance].append(r)
        killed = _KILLED_PID.search(r.message)
        if killed is not None:
            deaths.append((r, int(killed.group(1))))
        elif _UNIT_DIED.search(r.message):
            deaths.append((r, None))
        elif _RESTART.search(r.message):
            starts.append(r)
    if not deaths:
        return []
    deaths.sort(key=lambda d: d[0].timestamp or datetime.min)
    out: list[_Death] = []
    for pid, beat in sorted(beats.items()):
        mine = sorted(own[str(pid)], key=lambda r: r.timestamp or datetime.min)
        if not mine:
            continue
        last = mine[-1]
        assert last.timestamp is not None
        files = {_file_of(r) for r in mine}
        said = [
            r
            for r, named in deaths
            if r.timestamp is not None
            and r.timestamp >= last.timestamp
            and (named == pid if named is not None else _file_of(r) in files)
        ]
        restarted = any(
            r.timestamp is not None and r.timestamp > last.timestamp and _file_of(r) in files
            for r in starts
        )
        if said and not restarted:
            out.append(_Death(beat, last, tuple(said[:3])))
    return out


def _file_of(rec: LogRecord) -> str:
    return rec.ref.location.rsplit(":", 1)[0]


def _killed_workers(ev: Evidence, reported: set[str]) -> Iterator[Hit]:
    """H002 from the kill itself, where the worker's registration gives no heartbeat time
    (``rq info`` prints none): the kernel or systemd says its process died."""
    for death in killed_workers(ev):
        beat = death.worker
        if beat.worker in reported:
            continue
        assert death.last.timestamp is not None
        first = death.lines[0]
        assert first.timestamp is not None
        registered = [b for b in ev.of(WorkerBeat) if b.worker == beat.worker and b.ref != beat.ref]
        still = " and rq still listed it busy afterwards" if beat.state.lower() in (
            "busy", "started"
        ) or registered else ""  # fmt: skip
        how = "by the kernel's out-of-memory killer" if any(
            _OOM.search(r.message) for r in death.lines
        ) else "by a signal"  # fmt: skip
        yield Hit(
            subject=f"workers/{beat.worker}",
            explains=_orphaned_queues(ev, beat),
            summary=f"worker {beat.worker} (pid {beat.pid}) was killed {how} at "
            f"{iso(first.timestamp)} ({first.message.strip()[:120]}); its last line was at "
            f"{iso(death.last.timestamp)}{still}: the worker is gone, the job it held is "
            "lost or stuck, and nothing restarted it",
            evidence=(
                *(log_quote(r) for r in death.lines),
                log_quote(death.last),
                quote(beat.ref.source, beat.ref.location, f"{beat.worker}: {beat.state}"),
            ),
            fix=Fix(
                text="Find what the job needed (an OOM kill: memory for the largest input; "
                "stream or chunk it), run the worker under a supervisor that restarts it "
                "(systemd `Restart=on-failure`, a container restart policy), and requeue "
                "the job it held.",
                commands=(
                    'journalctl -k | grep -iE "out of memory|killed process" | tail',
                    "opsdoc runbook H002",
                ),
            ),
            confidence=0.9,
        )


def _orphaned_queues(ev: Evidence, beat: WorkerBeat) -> tuple[str, ...]:
    """The backlogs a dead worker leaves: the queues it served, or, when its status
    does not name them, every queue with work and no live consumer."""
    queues = beat.queues or tuple(
        q.queue for q in ev.of(QueueStats) if q.consumers == 0 and q.depth > 0
    )
    return tuple(f"{code}:queues/{q}" for q in queues for code in ("Q001", "Q002"))


def _stalled_rq_workers(ev: Evidence) -> Iterator[Hit]:
    """Two ``rq info`` captures: workers busy in the first finished nothing by the second
    (vanished, or still busy on the same jobs) while the hosts kept logging."""
    stalled = stalled_workers(ev)
    if stalled is None:
        return
    if {d.worker.worker for d in killed_workers(ev)} & {w.worker for w in stalled.busy}:
        return  # the kernel or systemd says they died: H002
    gone = {z.beat.worker for z in zombie_registrations(ev)}
    if gone and all(w.worker in gone for w in stalled.busy):
        return  # their instances ended or rq refuses their names to replacements: H003
    before, after = stalled.before, stalled.after
    life = sorted(
        (r for r in ev.of(LogRecord) if r.timestamp is not None and r.timestamp > before.at),
        key=lambda r: r.timestamp or before.at,
    )
    if not life:
        return  # nothing shows the hosts alive: dead or hung cannot be told apart
    last = life[-1]
    assert last.timestamp is not None
    span = human_seconds((after.at - before.at).total_seconds())
    names = ", ".join(w.worker for w in stalled.busy[:3])
    what = (
        "are no longer registered (their heartbeats stopped and the keys expired)"
        if stalled.gone
        else "are still busy on the same jobs"
    )
    queues = ", ".join(stalled.queues)
    yield Hit(
        subject=f"workers/{stalled.busy[0].worker}",
        summary=(
            f"{len(stalled.busy)} worker(s) ({names}) were busy on {queues} at {iso(before.at)}; "
            f"{span} later they {what}, no job finished and the backlog did not fall, while the "
            f"hosts kept logging until {iso(last.timestamp)} ({len(life)} line(s)): the workers "
            "are hung, not missing; starting more workers will not drain the queue"
        ),
        evidence=(
            *(
                quote(
                    w.ref.source, w.ref.location, f"{w.worker}: {w.state} on {', '.join(w.queues)}"
                )
                for w in stalled.busy[:2]
            ),
            *(
                quote(
                    q.ref.source,
                    q.ref.location,
                    f"{q.queue}: {q.depth} queued, {q.finished} finished at {iso(after.at)}",
                )
                # the stalled queues are those of the later capture
                for q in (after.queues[name] for name in stalled.queues[:2])
            ),
            log_quote(last),
        ),
        fix=Fix(
            text="Dump the stacks of a stuck worker before restarting it (py-spy dump --pid PID): "
            "the frame it waits in is the bug (a lock taken twice, a read without timeout, a "
            "thread and the event loop waiting on each other). Then have a supervisor restart "
            "workers whose heartbeat goes stale.",
            commands=("py-spy dump --pid PID", "opsdoc runbook H001"),
        ),
        confidence=0.75 if stalled.gone else 0.8,
        root_cause=True,
        explains=tuple(f"{code}:queues/{q}" for q in stalled.queues for code in ("Q001", "Q002")),
    )


STUCK_MIN_S = 600.0
"""A job open this long, at the least, before it counts as stuck."""
STUCK_TIMES_TYPICAL = 20
"""...and this many times the median duration of the jobs the logs show ending."""
ALIVE_WITHIN_S = 600.0
"""The log must go on to within this much of the reference time: the process lives."""


def _stuck_in_a_job(ev: Evidence) -> Iterator[Hit]:
    """A worker ``rq info`` shows busy, whose log shows it taking a job and never ending
    it, for far longer than its other jobs took, while the same log goes on (health
    probes answered, other threads writing): the process lives, its work loop does not.
    rq refreshes a busy worker's heartbeat only between jobs (a SimpleWorker) or from
    its parent (a forking worker, which would have killed the job at its timeout), so
    the log is often the only clock."""
    busy = {b.worker: b for b in ev.of(WorkerBeat) if b.state.lower() in ("busy", "started")}
    if not busy:
        return
    logs = [r for r in ev.of(LogRecord) if r.timestamp is not None]
    spans = job_spans(logs)
    if not spans:
        return
    observed = [q.observed_at for q in ev.of(QueueStats) if q.observed_at is not None]
    ref = max(observed) if observed else ev.as_of
    typical = typical_seconds(spans)
    threshold = max(STUCK_MIN_S, STUCK_TIMES_TYPICAL * typical) if typical else 3 * STUCK_MIN_S
    latest: dict[str, JobSpan] = {}
    for span in spans:
        latest[span.worker] = span
    for worker, span in sorted(latest.items()):
        beat = busy.get(worker) or (next(iter(busy.values())) if len(busy) == 1 else None)
        open_s = (ref - span.started).total_seconds()
        if span.ended is not None or beat is None or open_s < threshold:
            continue
        after = [
            r
            for r in logs
            if r.timestamp is not None and r.timestamp > span.started and same_log(r, span)
        ]
        if not after or any(_LAST_WORDS.search(r.message) for r in after):
            continue
        last = max(after, key=lambda r: r.timestamp or span.started)
        assert last.timestamp is not None
        if (ref - last.timestamp).total_seconds() > ALIVE_WITHIN_S:
            continue  # the log stopped too: dead or hung cannot be told apart
        queues = (span.queue, *beat.queues)
        backlog = [q for q in ev.of(QueueStats) if q.queue in queues and q.depth > 0]
        usual = f"its other jobs took {human_seconds(typical)} (median)" if typical else ""
        summary = (
            f"worker {beat.worker} took job {span.job_id} ({span.description}) at "
            f"{iso(span.started)} and logged no end of it for {human_seconds(open_s)}"
            + (f" ({usual})" if usual else "")
            + f", while the same log went on until {iso(last.timestamp)} ({len(after)} "
            f"line{'s' if len(after) != 1 else ''}) and rq still lists it busy: the worker "
            "is hung inside that job, not dead"
        )
        if backlog:
            summary += f"; {sum(q.depth for q in backlog)} job(s) wait behind it"
        yield Hit(
            subject=f"workers/{beat.worker}",
            summary=summary,
            evidence=(
                log_quote(span.taken),
                quote(beat.ref.source, beat.ref.location, f"{beat.worker}: {beat.state}"),
                log_quote(last),
                *(
                    quote(q.ref.source, q.ref.location, f"{q.queue}: {q.depth} queued")
                    for q in backlog[:1]
                ),
            ),
            fix=Fix(
                text="Dump the worker's stacks before restarting it (py-spy dump --pid PID): "
                "the frame the job waits in is the bug (a lock never released on an error "
                "path, a read without timeout, a result that never comes). Give the job's "
                "waits timeouts, and have a supervisor restart a worker busy far past its "
                "jobs' usual time.",
                commands=("py-spy dump --pid PID", "opsdoc runbook H001"),
            ),
            confidence=0.8 if typical else 0.65,
            root_cause=True,
            explains=tuple(
                f"{code}:queues/{q}"
                for q in dict.fromkeys(queues)
                for code in ("Q001", "Q002", "Q003")
            ),
        )
