"""RQ job spans read from a worker's own log lines: when each job started and ended.

An rq worker logs one line when it takes a job, ``{queue}: {description} ({job id})``
(rq 2.x prefixes ``Worker {name}: ``), with the description a call such as
``app.tasks.render('a7')``, and, when the job ends, lines naming its id again (``Job OK
({id})``, ``job {id} result is kept for ...``, a failure's ``({id})``). A worker runs one job at a
time, so taking the next job also ends the previous one. A job taken and never ended,
while the same log goes on, is a worker stuck inside that job.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from opsdoc.evidence import LogRecord

_TAKEN = re.compile(
    r"(?:^|\s)(?:Worker\s+(?P<worker>\S+?):\s+)?(?P<queue>[\w.-]+):\s+"
    r"(?P<desc>[A-Za-z_][\w.]*\(.*\))\s+\((?P<job>[\w.:-]+)\)\s*$"
)
"""``default: app.tasks.render('a7') (4f2c...)``; not ``Job OK (4f2c...)``."""


@dataclass(frozen=True)
class JobSpan:
    """One job a worker took, as its log tells it."""

    job_id: str
    queue: str
    description: str
    worker: str
    """rq 2.x's worker name when the line gives it, else the log's process id or file."""
    started: datetime
    taken: LogRecord
    ended: datetime | None = None


def _file(rec: LogRecord) -> str:
    return rec.ref.location.rsplit(":", 1)[0]


def job_spans(records: Iterable[LogRecord]) -> list[JobSpan]:
    """Every job taken in the logs, with when it ended (None: no line ended it)."""
    lines = sorted(
        (r for r in records if r.timestamp is not None), key=lambda r: (r.timestamp, r.ref.location)
    )
    open_by_worker: dict[tuple[str, str], str] = {}
    spans: dict[str, JobSpan] = {}
    running: set[str] = set()
    """Ids of the jobs taken and not yet ended (one per worker at most)."""
    for rec in lines:
        at = rec.timestamp
        assert at is not None
        message = rec.message.splitlines()[0] if rec.message else ""
        for job_id in [j for j in running if j in message]:
            spans[job_id] = _ended(spans[job_id], at)
            running.discard(job_id)
        m = _TAKEN.search(message)
        if m is None:
            continue
        worker = m["worker"] or rec.instance or _file(rec)
        key = (_file(rec), worker)
        previous = open_by_worker.get(key)
        if previous in running:
            spans[previous] = _ended(spans[previous], at)
            running.discard(previous)
        span = JobSpan(m["job"], m["queue"], m["desc"], worker, at, rec)
        spans[span.job_id] = span
        running.add(span.job_id)
        open_by_worker[key] = span.job_id
    return sorted(spans.values(), key=lambda s: (s.started, s.job_id))


def _ended(span: JobSpan, at: datetime) -> JobSpan:
    return JobSpan(
        span.job_id, span.queue, span.description, span.worker, span.started, span.taken, at
    )


def typical_seconds(spans: Iterable[JobSpan]) -> float | None:
    """The median duration of the ended jobs (None with fewer than two)."""
    done = [(s.ended - s.started).total_seconds() for s in spans if s.ended is not None]
    return statistics.median(done) if len(done) >= 2 else None


def same_log(rec: LogRecord, span: JobSpan) -> bool:
    """A line of the log that holds the span, from the worker's own process: the same
    file, and not a line a different process id wrote (journals mix processes)."""
    if _file(rec) != _file(span.taken):
        return False
    own = span.taken.instance
    return not (rec.instance.isdigit() and own.isdigit() and rec.instance != own)
