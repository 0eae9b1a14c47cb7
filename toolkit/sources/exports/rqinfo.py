"""``rq info`` output (as pasted into tickets) to queue and worker evidence.

rq prints queues as ``name |███ depth, N executing, N finished, N failed`` (older
releases: just the depth), then either one line per worker
(``name (host ip pid): state queues. jobs: ...``; older: ``name state: queues``)
or, with ``-R``, workers grouped by queue. ``--raw`` prefixes lines with ``queue``
and ``worker``. Every shape is recognised here; the heartbeat time is not printed,
so worker records carry ``at=None``; the ``Updated:`` line, when pasted, dates the
capture, so two captures show what changed between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from opsdoc.evidence import QueueStats, Record, Ref, WorkerBeat
from opsdoc.redact import redact

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_QUEUE = re.compile(
    r"^(?:queue )?(?P<name>[^\s|]+)\s*(?:\|[█▇▆▅▄▃▂▁#]*)?\s+(?P<depth>\d+)"
    r"(?:, (?P<started>\d+) (?:executing|started|busy), (?P<finished>\d+) finished, "
    r"(?P<failed>\d+) failed)?\s*$"
)
_WORKER = re.compile(
    r"^(?:worker )?(?P<name>\S+) \((?P<host>\S*) (?P<ip>\S*) (?P<pid>\d+)\): "
    r"(?P<state>[\w-]+) (?P<queues>.*?)\. jobs: (?P<ok>\d+) finished, (?P<ko>\d+) failed\s*$"
)
_WORKER_OLD = re.compile(r"^(?P<name>\S+) (?P<state>[\w-]+): (?P<queues>[\w.:, -]+)$")
_BY_QUEUE = re.compile(r"^(?P<queue>\S+):\s+(?P<workers>.+)$")
_BY_QUEUE_ITEM = re.compile(r"(?P<name>[^\s,()]+) \((?P<state>[\w-]+)\)")
_QUEUE_TOTAL = re.compile(r"^\d+ queues, \d+ jobs total$")
_WORKER_TOTAL = re.compile(r"^\d+ workers, \d+ queues$")
_WORKER_STATES = {"busy", "idle", "started", "suspended", "stopped", "?"}


def looks_like_rq_info(lines: Sequence[str]) -> bool:
    clean = [_ANSI.sub("", line).strip() for line in lines]
    return any(_QUEUE_TOTAL.match(x) or _WORKER_TOTAL.match(x) for x in clean)


def parse_rq_info(display: str, lines: Sequence[str]) -> list[Record]:
    queues: dict[str, tuple[int, QueueStats]] = {}
    workers: dict[str, WorkerBeat] = {}
    section = "queues"
    updated: datetime | None = None
    for lineno, raw in enumerate(lines, start=1):
        line = _ANSI.sub("", raw).rstrip()
        text = line.strip()
        if text.startswith("Updated:"):
            updated = _updated(text) or updated
            continue
        if not text:
            continue
        if _QUEUE_TOTAL.match(text):
            section = "workers"
            continue
        if _WORKER_TOTAL.match(text):
            section = "done"
            continue
        ref = Ref("exports", f"{display}:{lineno}")
        if section == "queues":
            m = _QUEUE.match(text)
            if m:
                queues[m["name"]] = (lineno, _queue(ref, m))
                continue
            if not queues:
                # rq 3 logs registry clean-ups before its table ("StartedJobRegistry
                # cleanup: <id> Moved to FailedJobRegistry, due to AbandonedJobError ...")
                continue
            section = "workers"
        if section != "workers":
            continue
        m = _WORKER.match(text)
        if m:
            names = tuple(q.strip() for q in m["queues"].split(",") if q.strip())
            workers[m["name"]] = WorkerBeat(
                ref=ref,
                worker=m["name"],
                at=None,
                pid=int(m["pid"]),
                state=m["state"],
                queues=names,
                host=redact(m["host"]),
            )
            continue
        m = _BY_QUEUE.match(text)
        if m:
            for item in _BY_QUEUE_ITEM.finditer(m["workers"]):
                prev = workers.get(item["name"])
                qs = (*prev.queues, m["queue"]) if prev else (m["queue"],)
                workers[item["name"]] = WorkerBeat(
                    ref=prev.ref if prev else ref,
                    worker=item["name"],
                    at=None,
                    state=item["state"],
                    queues=qs,
                )
            continue
        m = _WORKER_OLD.match(text)
        if m and m["state"] in _WORKER_STATES:
            names = tuple(q.strip() for q in m["queues"].split(",") if q.strip())
            workers[m["name"]] = WorkerBeat(
                ref=ref, worker=m["name"], at=None, state=m["state"], queues=names
            )
    out: list[Record] = []
    have_workers = section == "done" or bool(workers)
    for name, (_lineno, stats) in queues.items():
        consumers = sum(1 for w in workers.values() if name in w.queues)
        out.append(
            QueueStats(
                ref=stats.ref,
                queue=name,
                backend="rq",
                depth=stats.depth,
                started=stats.started,
                failed=stats.failed,
                finished=stats.finished,
                consumers=consumers if have_workers else None,
                observed_at=updated,
            )
        )
    out.extend(workers.values())
    return out


def _updated(text: str) -> datetime | None:
    """``Updated: 2025-11-04 05:31:12.345678``: rq prints its local clock; taken as UTC."""
    try:
        at = datetime.fromisoformat(text.partition(":")[2].strip())
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _queue(ref: Ref, m: re.Match[str]) -> QueueStats:
    return QueueStats(
        ref=ref,
        queue=m["name"],
        backend="rq",
        depth=int(m["depth"]),
        started=int(m["started"] or 0),
        finished=int(m["finished"] or 0),
        failed=int(m["failed"] or 0),
    )
