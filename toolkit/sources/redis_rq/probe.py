"""Read one Redis server's RQ state in four pipelined round trips, read commands only.

``rq info`` issues one command per queue, registry and worker (and prunes
registries as it goes); on a big deployment that is thousands of round trips and
writes. Here the number of round trips is fixed: (1) the queue and worker sets,
(2) every count and worker hash, (3) the oldest queued job of every queue plus the
ids of a bounded job sample, (4) the sampled jobs and their latest results. Every
command is in ACL category ``@read``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsdoc.evidence import JobRecord, QueueStats, Record, Ref, WorkerBeat
from opsdoc.redact import redact
from opsdoc.sources.redis_rq.connect import ReplyTooLarge
from opsdoc.sources.redis_rq.schema import (
    JOB_FIELDS,
    REGISTRIES,
    Keys,
    exc_from_job_hash,
    exc_from_result,
    func_name,
    integer,
    job_id_of,
    last_line,
    number,
    rq_time,
    text,
)

RQ_WORKER_TTL_S = 420.0
"""rq's default ``worker_ttl``: an idle worker heartbeats about this often (``DEFAULT_WORKER_TTL``)."""

_NOT_CONSUMING = {"suspended"}

# Sampling order: failures explain the most, then running jobs (durations), then
# finished ones (durations), then the oldest queued ones.
_SAMPLE_PLAN = (("failed", 0.5), ("wip", 0.2), ("finished", 0.2))


@dataclass
class ProbeResult:
    records: list[Record] = field(default_factory=list)
    queues: int = 0
    workers: int = 0
    jobs: int = 0
    round_trips: int = 0
    problems: list[str] = field(default_factory=list)
    """Keys whose replies were over the size caps: skipped, the rest kept."""

    @property
    def detail(self) -> str:
        return f"{self.queues} queues, {self.workers} workers, {self.jobs} jobs sampled"


@dataclass
class _Queue:
    name: str
    depth: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    head: str = ""
    oldest: datetime | None = None


@dataclass
class _Worker:
    key: str
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    claimed: list[str] = field(default_factory=list)
    """Queues an expired worker is still registered on."""

    @property
    def expired(self) -> bool:
        return not self.fields


class Probe:
    """One server, one pass. ``check_time`` raises when the caller's budget is spent."""

    def __init__(
        self,
        client: Any,
        where: str,
        as_of: datetime,
        sample_jobs: int,
        keys: Keys,
        check_time: Callable[[], None] = lambda: None,
    ) -> None:
        self.client = client
        self.where = where
        self.as_of = as_of
        self.sample_jobs = max(0, sample_jobs)
        self.keys = keys
        self.check_time = check_time
        self.result = ProbeResult()

    def ref(self, key: str) -> Ref:
        return Ref("redis", f"{self.where} {key}")

    def _round(self, commands: Sequence[tuple[str, ...]]) -> list[Any]:
        """One round trip: every command in one write, raw replies, errors in place.

        redis-py's pipeline sends its buffer in ~6 KB pieces, and Redis answers each
        piece it reads with a separate write; one buffer lets the server read 16 KB
        at a time, which keeps the server-side count of round trips low.
        """
        import redis.exceptions as rex

        self.check_time()
        if not commands:
            return []
        conn = self.client.connection
        if conn is None:  # pragma: no cover - single_connection_client always has one
            raise RuntimeError("no Redis connection")
        conn.send_packed_command([b"".join(_pack(conn, c) for c in commands)])
        self.result.round_trips += 1
        replies: list[Any] = []
        for index, command in enumerate(commands):
            try:
                replies.append(conn.read_response())
            except rex.ResponseError as exc:
                # A permission error on one key means the ACL is wrong: say so, not "no data".
                if "NOPERM" in str(exc):
                    raise
                replies.append(exc)
            except ReplyTooLarge as exc:
                # Not read: the connection is reopened and the rest asked again.
                key = command[1] if len(command) > 1 else command[0]
                self.result.problems.append(
                    f"key {redact(str(key))[:200]}: {exc}; skipped, everything else read"
                )
                conn.disconnect()
                conn.connect()
                replies.append(None)
                replies.extend(self._round(commands[index + 1 :]))
                return replies
        return replies

    def run(self) -> ProbeResult:
        k = self.keys
        queue_keys, worker_keys = self._round([("SMEMBERS", k.queues), ("SMEMBERS", k.workers)])
        queues = [
            _Queue(name[len(k.queue_prefix) :])
            for name in sorted({text(q) for q in _members(queue_keys)})
            if name.startswith(k.queue_prefix)
        ]
        workers = [
            _Worker(key, key[len(k.worker_prefix) :] if key.startswith(k.worker_prefix) else key)
            for key in sorted({text(w) for w in _members(worker_keys)})
        ]

        # Round 2: counts, heads and worker hashes.
        cmds: list[tuple[str, ...]] = []
        for q in queues:
            cmds.append(("LLEN", k.queue(q.name)))
            cmds.append(("LINDEX", k.queue(q.name), "0"))
            cmds.extend(("ZCARD", k.registry(kind, q.name)) for kind in REGISTRIES)
        cmds.extend(("HGETALL", w.key) for w in workers)
        replies = iter(self._round(cmds))
        for q in queues:
            q.depth = _int(next(replies))
            head = next(replies)
            q.head = text(head) if isinstance(head, bytes) else ""
            q.counts = {kind: _int(next(replies)) for kind in REGISTRIES}
        for w in workers:
            w.fields = {text(a): text(b) for a, b in _pairs(next(replies)).items()}

        # Round 3: when the oldest queued jobs were enqueued, and which jobs to sample.
        plan = self._sample_plan(queues)
        cmds = [("HGET", k.job(q.head), "enqueued_at") for q in queues if q.head]
        for kind, q, n in plan:
            if kind == "wip":
                cmds.append(("ZRANGE", k.registry(kind, q.name), "0", str(n - 1)))
            else:
                cmds.append(("ZREVRANGE", k.registry(kind, q.name), "0", str(n - 1)))
        busy_rq3 = [
            w for w in workers if w.fields and "current_job" not in w.fields and _busy(w.fields)
        ]
        cmds.extend(("SMEMBERS", k.worker_executions(w.name)) for w in busy_rq3)
        # An expired worker's hash is gone with its queue list; the per-queue worker
        # sets still say which queues it claimed. Asked for only when there are such.
        expired = {w.key: w for w in workers if w.expired}
        if expired:
            cmds.extend(("SMEMBERS", k.queue_workers(q.name)) for q in queues)
        replies = iter(self._round(cmds))
        for q in queues:
            if q.head:
                q.oldest = rq_time(next(replies))
        sampled: dict[str, str] = {}  # job id -> registry kind it was sampled from
        for kind, _q, _n in plan:
            for member in _members(next(replies)):
                sampled.setdefault(job_id_of(member), kind)
        for w in busy_rq3:
            members = sorted(text(m) for m in _members(next(replies)))
            if members:
                w.fields["current_job"] = job_id_of(members[0])
        if expired:
            for q in queues:
                for member in _members(next(replies)):
                    zombie = expired.get(text(member))
                    if zombie is not None:
                        zombie.claimed.append(q.name)
        for q in queues:
            if q.head and len(sampled) < self.sample_jobs:
                sampled.setdefault(q.head, "queued")
        job_ids = list(sampled)[: self.sample_jobs]

        # Round 4: the sampled jobs and, for failures, their latest result entry.
        cmds = [("HMGET", k.job(j), *JOB_FIELDS) for j in job_ids]
        failed = [j for j in job_ids if sampled[j] == "failed"]
        cmds.extend(("XREVRANGE", k.results(j), "+", "-", "COUNT", "1") for j in failed)
        replies = iter(self._round(cmds))
        jobs = {j: next(replies) for j in job_ids}
        results = {j: next(replies) for j in failed}

        self._emit(queues, workers, jobs, results)
        return self.result

    def _sample_plan(self, queues: list[_Queue]) -> list[tuple[str, _Queue, int]]:
        """(registry, queue, how many) so that at most ``sample_jobs`` ids come back.

        Each registry gets a share of the budget, spread over the queues that have
        entries, biggest first, so a few busy queues cannot starve the rest and a
        thousand idle queues cost nothing.
        """
        plan: list[tuple[str, _Queue, int]] = []
        left = self.sample_jobs
        for kind, share in _SAMPLE_PLAN:
            quota = min(left, math.ceil(self.sample_jobs * share))
            having = sorted(
                (q for q in queues if q.counts.get(kind)), key=lambda q: (-q.counts[kind], q.name)
            )
            if not having or quota <= 0:
                continue
            per_queue = max(1, quota // len(having))
            for q in having:
                if quota <= 0:
                    break
                n = min(per_queue, q.counts[kind], quota)
                plan.append((kind, q, n))
                quota -= n
                left -= n
        return plan

    def _emit(
        self,
        queues: list[_Queue],
        workers: list[_Worker],
        jobs: dict[str, Any],
        results: dict[str, Any],
    ) -> None:
        k = self.keys
        records = self.result.records
        live = [w for w in workers if not w.expired]
        for q in queues:
            consumers = sum(
                1
                for w in live
                if q.name in _split(w.fields.get("queues", ""))
                and w.fields.get("state", "") not in _NOT_CONSUMING
            )
            age = (self.as_of - q.oldest).total_seconds() if q.oldest and q.depth else None
            records.append(
                QueueStats(
                    ref=self.ref(k.queue(q.name)),
                    queue=q.name,
                    backend="rq",
                    depth=q.depth,
                    oldest_age_s=max(0.0, age) if age is not None else None,
                    started=q.counts["wip"],
                    failed=q.counts["failed"],
                    finished=q.counts["finished"],
                    deferred=q.counts["deferred"],
                    scheduled=q.counts["scheduled"],
                    canceled=q.counts["canceled"],
                    consumers=consumers,
                )
            )
        for w in workers:
            f = w.fields
            records.append(
                WorkerBeat(
                    ref=self.ref(w.key),
                    worker=w.name,
                    at=rq_time(f.get("last_heartbeat")),
                    pid=integer(f.get("pid")),
                    # A registration whose hash expired: the worker stopped heartbeating
                    # without unregistering (killed, OOM, host lost).
                    state="expired" if w.expired else f.get("state", "") or "?",
                    queues=_split(f.get("queues", "")) or tuple(w.claimed),
                    current_job=f.get("current_job", ""),
                    period_s=RQ_WORKER_TTL_S,
                    host=redact(f.get("hostname", ""))[:200],
                )
            )
        for job_id, reply in jobs.items():
            if not isinstance(reply, list) or not any(reply):
                continue  # expired between rounds: nothing to say about it
            fields = dict(zip(JOB_FIELDS, reply, strict=True))
            exc = exc_from_job_hash(fields["exc_info"])
            entries = results.get(job_id)
            if not exc and isinstance(entries, list) and entries:
                entry = entries[0]
                if isinstance(entry, list | tuple) and len(entry) == 2:
                    exc = exc_from_result(_pairs(entry[1]))
            description = redact(text(fields["description"]))
            records.append(
                JobRecord(
                    ref=self.ref(k.job(job_id)),
                    job_id=job_id,
                    queue=text(fields["origin"]),
                    func=func_name(description),
                    status=text(fields["status"]) or "unknown",
                    timeout_s=number(fields["timeout"]),
                    enqueued_at=rq_time(fields["enqueued_at"]),
                    started_at=rq_time(fields["started_at"]),
                    ended_at=rq_time(fields["ended_at"]),
                    exc_summary=redact(last_line(exc)),
                )
            )
        self.result.queues = len(queues)
        self.result.workers = len(workers)
        self.result.jobs = sum(1 for r in records if isinstance(r, JobRecord))


_INLINE_SAFE = re.compile(rb"^[!#-&(-~]+$")  # printable ASCII without space or quotes


def _pack(conn: Any, command: tuple[str, ...]) -> bytes:
    """A command in Redis's inline form when its arguments allow it (about half the bytes
    of RESP), else in RESP. Redis reads a pipeline 16 KB at a time and answers each read
    with one write, so fewer bytes mean fewer server round trips on large installations."""
    args = [a.encode() if isinstance(a, str) else a for a in command]
    if all(_INLINE_SAFE.match(a) for a in args):
        return b" ".join(args) + b"\r\n"
    return b"".join(conn.pack_command(*command))


def _members(reply: Any) -> list[Any]:
    return list(reply) if isinstance(reply, set | list | tuple) else []


def _pairs(reply: Any) -> dict[bytes, bytes]:
    """A flat ``[field, value, ...]`` reply (HGETALL, stream entry) as a dict."""
    if isinstance(reply, dict):  # some parsers (hiredis, RESP3) build maps themselves
        return {k: v for k, v in reply.items() if isinstance(k, bytes)}
    if not isinstance(reply, list):
        return {}
    return {k: v for k, v in zip(reply[::2], reply[1::2], strict=False) if isinstance(k, bytes)}


def _int(reply: Any) -> int:
    return reply if isinstance(reply, int) else 0


def _split(queues: str) -> tuple[str, ...]:
    return tuple(q.strip() for q in queues.split(",") if q.strip())


def _busy(fields: dict[str, str]) -> bool:
    return fields.get("state", "") == "busy"
