"""Small helpers shared by checks: durations, routes, log-line meanings.

Checks stay pure functions of the evidence; what several of them need to
recognise (a server start-up line, a route template) is defined once here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsdoc.evidence import CodeSite, Evidence, Execution, LogRecord, QueueStats, WorkerBeat
from opsdoc.findings import EvidenceItem, quote
from opsdoc.loglines import PlatformEvent, is_server_start, platform_event

REQUEST_TIMEOUT_LINE = re.compile(
    r"request has been terminated because it has reached the maximum request timeout", re.I
)


def is_startup(rec: LogRecord) -> bool:
    """A server or platform line printed when a container or server process starts.

    ``Container called exit(0).`` is not one: it is how a job task ends normally.
    """
    if is_server_start(rec.message):
        return True
    return platform_event(rec.message) in (PlatformEvent.INSTANCE_START, PlatformEvent.PROBE_OK)


def human_seconds(seconds: float) -> str:
    """``5700`` -> ``95 min``; ``76.5`` -> ``76.5 s``: the unit people think in."""
    if seconds >= 5400 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} h"
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.1f} s".replace(".0 s", " s")


def iso(at: datetime | None) -> str:
    if at is None:
        return "?"
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


_PARAM = re.compile(r"\{[^}/]+\}|<(?:[a-z]+:)?[^>/]+>|:[A-Za-z_]\w*")


def route_regex(route: str) -> re.Pattern[str]:
    """A route template (``/items/{id}``, ``/items/<int:id>``) as a path regex."""
    parts = _PARAM.split(route)
    body = "[^/]+".join(re.escape(p) for p in parts)
    return re.compile("^" + body.rstrip("/") + "/?$")


def route_matches(route: str, path: str) -> bool:
    """Whether ``path`` is served by ``route``: one template, or the comma-joined list a
    handler registered under several routes carries (``/healthz,/ready``)."""
    return any(r and route_regex(r).match(path) for r in route.split(","))


def handler_for(handlers: Iterable[CodeSite], method: str, path: str) -> CodeSite | None:
    """The handler serving ``METHOD path``; exact routes win over templated ones."""
    candidates = []
    for site in handlers:
        methods = {m.strip().upper() for m in site.attr("method", "").split(",") if m.strip()}
        if methods and method and method.upper() not in methods and "ANY" not in methods:
            continue
        route = next((r for r in site.attr("route").split(",") if route_matches(r, path)), "")
        if route:
            candidates.append(
                (0 if "{" not in route and "<" not in route else 1, site.path, site.line, site)
            )
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def during(ex: Execution, at: datetime | None) -> bool:
    if at is None or ex.start_time is None:
        return False
    end = ex.completion_time or datetime.max.replace(tzinfo=ex.start_time.tzinfo)
    return ex.start_time <= at <= end


_EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?\w*(?:Error|Exception|Exit)\b.*$", re.M)


def shorten(text: str, width: int) -> str:
    """``text`` on at most ``width`` characters, cut at a word with ``…`` when too long:
    a summary is read, and a word cut in half reads as another word."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def headline(message: str) -> str:
    """The line of a log message that says what happened.

    For a traceback that is the raised exception (its last exception line),
    not "Traceback (most recent call last):".
    """
    if "Traceback (most recent call last)" in message:
        raised = _EXCEPTION_LINE.findall(message)
        if raised:
            return raised[-1].strip()
    return message.strip().splitlines()[0] if message.strip() else ""


def records_of(ex: Execution, logs: list[LogRecord]) -> list[LogRecord]:
    """Log records of an execution, oldest first: by its execution label, or, for lines
    without one, by its job and time span."""
    mine = [
        r
        for r in logs
        if r.execution == ex.name
        or (not r.execution and r.job == ex.job and during(ex, r.timestamp))
    ]
    mine.sort(key=lambda r: (r.timestamp is None, r.timestamp))
    return mine


def errors_of(ex: Execution, logs: list[LogRecord]) -> list[LogRecord]:
    """Errors an execution logged, oldest first (see `records_of`)."""
    return [r for r in records_of(ex, logs) if r.is_error]


def log_quote(rec: LogRecord) -> EvidenceItem:
    """A log record as evidence: time, severity, request line if any, and its headline."""
    parts = [iso(rec.timestamp), rec.severity]
    if rec.http is not None:
        h = rec.http
        latency = f"{h.latency_s:.1f}s" if h.latency_s is not None else "?"
        parts.append(f"{h.method} {h.path or h.url} {h.status or '?'} {latency}")
        if rec.message.startswith(f"{h.method} "):
            return quote(rec.ref.source, rec.ref.location, " ".join(parts))
    parts.append(headline(rec.message))
    return quote(rec.ref.source, rec.ref.location, " ".join(p for p in parts if p))


def span(rec: LogRecord) -> tuple[datetime, datetime] | None:
    """Start and end of a request from its log entry (timestamp is when it arrived)."""
    if rec.timestamp is None or rec.http is None or rec.http.latency_s is None:
        return None
    return rec.timestamp, rec.timestamp + timedelta(seconds=rec.http.latency_s)


def split_csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@dataclass(frozen=True)
class RqCapture:
    """One dated ``rq info`` capture: its queues and the workers it listed."""

    at: datetime
    file: str
    queues: dict[str, QueueStats]
    workers: tuple[WorkerBeat, ...]


@dataclass(frozen=True)
class StalledWorkers:
    """Workers busy in an earlier capture that finished nothing by a later one."""

    before: RqCapture
    after: RqCapture
    busy: tuple[WorkerBeat, ...]
    """Workers busy in the earlier capture."""
    queues: tuple[str, ...]
    gone: bool
    """True when the later capture lists none of them (their registrations expired)."""


def rq_captures(ev: Evidence) -> list[RqCapture]:
    """Dated ``rq info`` captures, oldest first."""
    by_file: dict[str, list[QueueStats]] = {}
    for q in ev.of(QueueStats):
        if q.backend == "rq" and q.observed_at is not None:
            by_file.setdefault(q.ref.file, []).append(q)
    captures = []
    for file, stats in by_file.items():
        at = stats[0].observed_at
        assert at is not None
        workers = tuple(w for w in ev.of(WorkerBeat) if w.at is None and w.ref.file == file)
        captures.append(RqCapture(at, file, {q.queue: q for q in stats}, workers))
    return sorted(captures, key=lambda c: c.at)


def stalled_workers(ev: Evidence) -> StalledWorkers | None:
    """Busy workers that, by a later capture, vanished or still hold their jobs while no
    job finished and the backlog did not fall: hung (or dead), never "no consumer"."""
    captures = rq_captures(ev)
    if len(captures) < 2:
        return None
    before, after = captures[0], captures[-1]
    busy = tuple(w for w in before.workers if w.state.lower() in ("busy", "started"))
    queues = tuple(sorted({q for w in busy for q in w.queues} & set(after.queues)))
    if not busy or not queues:
        return None
    finished_before = sum(before.queues[q].finished for q in queues if q in before.queues)
    finished_after = sum(after.queues[q].finished for q in queues)
    depth_before = sum(before.queues[q].depth for q in queues if q in before.queues)
    depth_after = sum(after.queues[q].depth for q in queues)
    if finished_after > finished_before or depth_after < depth_before:
        return None  # work moved between the captures
    names = {w.worker for w in busy}
    still = [w for w in after.workers if w.worker in names]
    if still and not all(w.state.lower() in ("busy", "started") for w in still):
        return None
    return StalledWorkers(before, after, busy, queues, gone=not still)


_NAME_TAKEN = re.compile(r"There exists an active worker named '([^']+)' already")
"""rq's ``register_birth`` refusing a worker a name that a registration still holds."""


@dataclass(frozen=True)
class Zombie:
    """A registration whose heartbeat went stale while what ran it is known to be gone."""

    beat: WorkerBeat
    proof: LogRecord
    """rq refusing its name to a replacement, or the end of the instance it ran on."""
    refusals: int


RQ_IDLE_BEAT_S = 405.0
"""An idle rq worker blocks in its dequeue for ``worker_ttl - 15`` s (420 by default)
and refreshes its heartbeat only when that wait ends: its beat is that old, and alive."""


def beat_allowance(ev: Evidence, b: WorkerBeat) -> tuple[float, float]:
    """(period, grace) a heartbeat may be late by before it is stale: the record's own
    period when the source knew it, else the configured one (at least rq's idle listen
    for an idle worker), and the configured grace."""
    period = b.period_s if b.period_s is not None and b.period_s > 0 else None
    if period is None:
        period = float(ev.setting("heartbeat_period_s", 60.0))
        if b.state.lower() == "idle":
            period = max(period, RQ_IDLE_BEAT_S)
    return period, float(ev.setting("heartbeat_grace_s", 120.0))


def zombie_registrations(ev: Evidence) -> list[Zombie]:
    """Registered workers that are gone although rq still counts them, their heartbeat
    older than its period plus grace, and either:

    - rq refuses their name to the process started to replace them (``ValueError:
      There exists an active worker named 'ingest-1' already``): a live worker of that
      name would keep its heartbeat fresh, so the registration is left by a process
      that died without unregistering, and it blocks its replacement;
    - or the instance they registered from ended after their last heartbeat (a Spot
      VM preempted, a host error, a stop: `resources.instance_ended`).
    """
    refused: dict[str, list[LogRecord]] = {}
    ended: dict[str, list[LogRecord]] = {}
    for rec in ev.of(LogRecord):
        m = _NAME_TAKEN.search(rec.message)
        if m:
            refused.setdefault(m.group(1), []).append(rec)
        elif rec.resource_type == "gce_instance" and rec.instance and rec.timestamp:
            ended.setdefault(rec.instance, []).append(rec)
    if not refused and not ended:
        return []
    latest: dict[str, WorkerBeat] = {}
    for b in ev.of(WorkerBeat):
        if (b.worker in refused or b.host in ended) and b.at is not None:
            prev = latest.get(b.worker)
            if prev is None or (prev.at is not None and b.at > prev.at):
                latest[b.worker] = b
    out = []
    for name, b in sorted(latest.items()):
        assert b.at is not None
        if (ev.as_of - b.at).total_seconds() <= sum(beat_allowance(ev, b)):
            continue
        after = [r for r in ended.get(b.host, ()) if r.timestamp and r.timestamp >= b.at]
        if name in refused:
            newest = max(
                refused[name], key=lambda r: r.timestamp or datetime.min.replace(tzinfo=UTC)
            )
            out.append(Zombie(b, newest, len(refused[name])))
        elif after:
            out.append(Zombie(b, after[0], 0))
    return out
