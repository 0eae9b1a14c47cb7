"""Queue health: backlogs nobody consumes, work that waits or fails, ghosts of workers."""

from __future__ import annotations

import itertools
import re
import shlex
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from opsdoc.check_helpers import (
    StalledWorkers,
    human_seconds,
    iso,
    log_quote,
    rq_captures,
    stalled_workers,
    zombie_registrations,
)
from opsdoc.evidence import (
    Evidence,
    JobConfig,
    JobRecord,
    LogRecord,
    LogSummary,
    QueueStats,
    ServiceConfig,
    WorkerBeat,
)
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.jobspans import job_spans
from opsdoc.plugin import check

_NOT_CONSUMING = {"expired", "suspended", "dead", "stopped"}
_TIMEOUT_EXC = re.compile(r"JobTimeoutException|exceeded maximum timeout value", re.I)
_TIMEOUT_VALUE = re.compile(r"maximum timeout value \((\d+(?:\.\d+)?) seconds\)")


def queue_subject(stats: QueueStats) -> str:
    return f"queues/{stats.queue}"


def _stats_quote(q: QueueStats) -> EvidenceItem:
    parts = [f"{q.backend} queue {q.queue}: {q.depth} waiting"]
    if q.oldest_age_s is not None:
        parts.append(f"oldest {human_seconds(q.oldest_age_s)}")
    if q.started:
        parts.append(f"{q.started} started")
    parts.append(f"{q.failed} failed, {q.finished} finished")
    if q.consumers is not None:
        parts.append(f"{q.consumers} live consumer{'s' if q.consumers != 1 else ''}")
    return quote(q.ref.source, q.ref.location, ", ".join(parts))


def _beat_quote(b: WorkerBeat) -> EvidenceItem:
    """A registration as evidence; every one quoted has a state (expired, busy, dead...)."""
    at = iso(b.at) if b.at else "unknown"
    queues = ",".join(b.queues) or "?"
    return quote(
        b.ref.source,
        b.ref.location,
        f"worker {b.worker}: state {b.state}, queues {queues}, last heartbeat {at}",
    )


def _consumers(
    q: QueueStats, beats: list[WorkerBeat], gone: frozenset[str] = frozenset()
) -> tuple[int | None, list[WorkerBeat]]:
    """Live consumers of ``q`` and the registered-but-dead workers claiming it.

    Live sources count consumers themselves; an ``rq info`` export only lists
    workers, so count those whose queues include this one. ``gone``: registrations
    rq refuses to replacements while their heartbeat is stale (`zombie_registrations`).
    """
    claiming = [b for b in beats if q.queue in b.queues]
    dead = [b for b in claiming if b.state in _NOT_CONSUMING or b.worker in gone]
    if q.consumers is not None:
        # a count of registrations includes those rq will not let anyone replace
        zombies = len({b.worker for b in claiming if b.worker in gone})
        return max(0, q.consumers - zombies), dead
    if q.backend != "rq" or not beats:
        return None, dead
    return len(claiming) - len(dead), dead


def _nothing_taken(ev: Evidence, q: QueueStats, limit: float, taken_at: dict[str, datetime]) -> str:
    """An rq queue with jobs waiting whose workers ``rq info`` lists as busy, while their
    logs show no job taken from it for longer than the threshold: the backlog has not
    moved for that long, whatever the age of its head (which ``rq info`` does not print)."""
    if q.backend != "rq" or q.depth <= 0 or q.observed_at is None:
        return ""
    workers = [b for b in ev.of(WorkerBeat) if q.queue in b.queues]
    if not workers or any(b.state.lower() not in ("busy", "started") for b in workers):
        return ""
    last = taken_at.get(q.queue)
    if last is None:
        return ""
    idle = (q.observed_at - last).total_seconds()
    if idle <= limit:
        return ""
    return (
        f"{q.depth} job(s) wait in {q.queue} and its worker logs show no job taken from it "
        f"since {iso(last)}, {human_seconds(idle)} before this capture (threshold "
        f"{human_seconds(limit)}), every worker of it busy"
    )


IDLE_WINDOW_S = 1800.0
"""How long a subscription's metrics must show nothing acknowledged before Q001."""


def _nothing_acked(ev: Evidence, q: QueueStats) -> str:
    """A subscription whose metrics, over the last half hour or more up to ``q``, show the
    oldest unacknowledged message ageing with the clock while the backlog never shrank:
    nothing acknowledged anything. A consumer that acks even a little moves the head or
    the depth. Returns how the metrics show it ('' when they do not)."""
    if q.observed_at is None or q.oldest_age_s is None:
        return ""
    series = sorted(
        (
            s
            for s in ev.of(QueueStats)
            if s.backend == "pubsub"
            and s.queue == q.queue
            and s.observed_at is not None
            and s.oldest_age_s is not None
            and s.observed_at <= q.observed_at
        ),
        key=lambda s: s.observed_at or q.observed_at,
    )
    window = [s for s in series if (q.observed_at - s.observed_at).total_seconds() <= 2 * 3600]
    if len(window) < 3:
        return ""
    first, last = window[0], window[-1]
    assert first.observed_at is not None and last.observed_at is not None
    span = (last.observed_at - first.observed_at).total_seconds()
    assert first.oldest_age_s is not None and last.oldest_age_s is not None
    aged = last.oldest_age_s - first.oldest_age_s
    shrank = any(b.depth < a.depth for a, b in itertools.pairwise(window))
    if span < IDLE_WINDOW_S or aged < 0.8 * span or shrank or last.depth <= first.depth:
        return ""
    return (
        f"from {iso(first.observed_at)} to {iso(last.observed_at)} the oldest message aged "
        f"from {human_seconds(first.oldest_age_s)} to {human_seconds(last.oldest_age_s)} and "
        f"the backlog grew from {first.depth} to {last.depth} without ever shrinking"
    )


def _workload_names(ev: Evidence, queue: str) -> set[str]:
    """Names of the long-running workloads the project deploys (a Deployment, a Cloud Run
    service), as their logs are named: ``kubectl logs`` files carry the pod name, Cloud
    Logging entries the service name. When some workload's settings name the queue
    (``SUBSCRIPTION: orders-sub``), only those: the service that publishes to it logs
    through any backlog, consumed or not."""

    def names_queue(values: Iterable[str]) -> bool:
        return any(v == queue or v.endswith("/" + queue) for v in values)

    sites = [*ev.code("long-running"), *ev.code("service-context")]
    configs = list(ev.of(ServiceConfig))
    named = [s for s in sites if names_queue(s.attr("settings").split())]
    named_configs = [c for c in configs if names_queue(v for _, v in c.env)]
    if named or named_configs:
        sites, configs = named, named_configs
    names = {s.attr("workload").partition(" ")[2] or s.attr("service") for s in sites}
    names |= {c.name for c in configs}
    return {n for n in names if len(n) >= 3}


def _consumer_logging(ev: Evidence, q: QueueStats) -> str:
    """A workload of the project that logged, without failing, through the whole window in
    which the metrics show nothing acknowledged: the consumer is alive and working, so the
    metrics show it falling behind (Q002), not missing (its name, '' when none did). A
    consumer scaled to zero or crashed stops logging inside the window; one whose every
    message fails logs errors."""
    assert q.observed_at is not None  # only called once `_nothing_acked` dated the window
    names = _workload_names(ev, q.queue)
    start = q.observed_at - timedelta(seconds=IDLE_WINDOW_S)
    recent = q.observed_at - timedelta(minutes=5)
    for log in ev.of(LogSummary):
        if log.stream in ("requests", "system") or log.first is None or log.last is None:
            continue
        base = log.resource.rsplit("/", 1)[-1]
        if not any(n in base for n in names):
            continue
        if log.first <= start and log.last >= recent and log.errors * 10 <= log.entries:
            return base
    return ""


@check(
    "Q001",
    "Backlog with no live consumer",
    needs={QueueStats},
    severity=Severity.ERROR,
    root_cause=True,
)
def backlog_without_consumer(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a queue holding jobs while no live worker listens on it: no RQ worker
    registered for it, or only registrations whose heartbeat expired, or only
    suspended workers. For a Pub/Sub subscription, whose consumers nothing lists,
    its metrics must show half an hour or more in which the oldest message aged with
    the clock while the backlog never shrank, and no workload of the project (a
    Deployment, a Cloud Run service) may have logged, without failing, through that
    window: a consumer that is there but too slow to reach the head is Q002.

    ## Why is this bad?
    Nothing will ever take these jobs. Enqueuers keep succeeding, so nothing
    alarms, while the backlog ages. Typical causes: a worker started with the
    wrong queue names (`rq worker default` while jobs go to `high`), workers
    scaled to zero, or workers that crashed and left only their registration.

    ## Example
    `rq info` shows `emails | 1432` and no worker lists `emails` among its
    queues; `rq:workers:emails` is empty or holds only expired workers.

    ## Fix safety
    No automatic fix: start a worker for the queue, or route the jobs to a queue
    that has one. Starting workers is a deployment change.

    ## References
    RQ workers (`rq worker QUEUE...`); `rq info --by-queue`.
    """
    beats = ev.of(WorkerBeat)
    gone = frozenset(z.beat.worker for z in zombie_registrations(ev))
    min_age = float(ev.setting("unconsumed_age_s", 180.0))
    scheduled = _scheduled_consumer(ev)
    stalled = stalled_workers(ev)
    captures = rq_captures(ev)
    latest: dict[tuple[str, str], QueueStats] = {
        ("rq", name): c.queues[name] for c in captures for name in c.queues
    }
    for s in ev.of(QueueStats):
        if s.backend != "rq" and s.observed_at is not None:
            held = latest.get((s.backend, s.queue))
            if held is None or (held.observed_at is not None and s.observed_at > held.observed_at):
                latest[(s.backend, s.queue)] = s
    for q in ev.of(QueueStats):
        if q.depth <= 0:
            continue
        if q.observed_at is not None and latest.get((q.backend, q.queue)) is not q:
            continue  # an older capture of the same queue: the newest one speaks for it
        consumers, dead = _consumers(q, beats, gone)
        idle = _nothing_acked(ev, q) if consumers is None and q.backend == "pubsub" else ""
        if idle and _consumer_logging(ev, q):
            idle = ""  # the metrics miss a consumer that is there: it falls behind (Q002)
        if idle:
            consumers = 0
        if consumers is None or consumers > 0:
            continue
        if q.oldest_age_s is not None and q.oldest_age_s < min_age:
            continue  # jobs this fresh may just not have been picked up yet
        if stalled is not None and q.queue in stalled.queues:
            yield _vanished(q, stalled)
            continue
        if scheduled and (q.oldest_age_s is None or q.oldest_age_s < 2 * min_age):
            continue  # consumed by a scheduled drain job between its runs
        summary = f"{q.depth} job{'s' if q.depth != 1 else ''} wait in {q.queue} and no live worker listens on it"
        if idle:
            summary = (
                f"{q.depth} message{'s' if q.depth != 1 else ''} wait in subscription {q.queue} "
                f"and nothing acknowledged any of them: {idle}, so no consumer is pulling "
                "(or every one it pulls fails)"
            )
        if q.oldest_age_s is not None:
            summary += f"; the oldest has waited {human_seconds(q.oldest_age_s)}"
        if dead and all(b.worker in gone for b in dead):
            summary += f" ({len(dead)} registered worker(s) for it are dead registrations)"
        elif dead:
            summary += f" ({len(dead)} registered worker(s) for it are {dead[0].state})"
        yield Hit(
            subject=queue_subject(q),
            summary=summary,
            evidence=(_stats_quote(q), *(_beat_quote(b) for b in dead[:3])),
            fix=Fix(
                text=f"Start a worker that listens on {q.queue} (or add {q.queue} to an existing "
                "worker's queue list), then watch the backlog drain.",
                commands=(
                    (
                        f"rq worker --url $REDIS_URL {shlex.quote(q.queue)}",
                        "rq info --url $REDIS_URL --by-queue",
                    )
                    if q.backend == "rq"
                    else ("opsdoc runbook Q001",)
                ),
            ),
            confidence=0.9 if q.consumers is not None else 0.8 if idle else 0.7,
            explains=(f"Q002:{queue_subject(q)}",),
        )


_DRAINS = re.compile(r"(?:^|\s|/)rq\s+worker\b.*(?:\s--burst\b|\s-b\b)|\bdrain\b|--burst\b")
_SCHEDULE = re.compile(r"(?i)\bschedul|cron|CronJob|--schedule\b")


def _scheduled_consumer(ev: Evidence) -> bool:
    """A run-to-completion consumer started on a schedule (a Cloud Run Job run by Cloud
    Scheduler, a cron entry, a Kubernetes CronJob running ``rq worker --burst``): between
    runs nobody listens, and that is the design, not a missing consumer."""
    for job in ev.of(JobConfig):
        if _DRAINS.search(" ".join((*job.command, *job.args))):
            return True
    for site in ev.code("job-context"):
        text = " ".join((site.snippet, site.attr("command"), site.attr("entry")))
        if _DRAINS.search(text) or _SCHEDULE.search(text):
            return True
    return False


def _vanished(q: QueueStats, stalled: StalledWorkers) -> Hit:
    """No consumer now, but workers were busy on this queue before: they hung or died."""
    names = ", ".join(w.worker for w in stalled.busy[:3])
    return Hit(
        subject=queue_subject(q),
        summary=(
            f"{q.depth} job(s) wait in {q.queue} and no live worker listens on it now, but "
            f"{len(stalled.busy)} worker(s) ({names}) were busy on it at "
            f"{iso(stalled.before.at)} and finished nothing since: they hung or died "
            "mid-job (H001/H002), so starting another worker would hang the same way"
        ),
        evidence=(
            _stats_quote(q),
            *(_beat_quote(b) for b in stalled.busy[:2]),
        ),
        fix=Fix(
            text="Find out what the vanished workers were doing (stack dump if they still run, "
            "their last log lines if not) before adding workers.",
            commands=("opsdoc runbook H001",),
        ),
        confidence=0.8,
        severity=Severity.WARNING,
        root_cause=False,
    )


@check(
    "Q002",
    "Backlog not draining: oldest message older than threshold",
    needs={QueueStats},
    severity=Severity.WARNING,
)
def backlog_too_old(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a queue or subscription whose oldest waiting job or unacknowledged
    message is older than `backlog_age_s` (default 600 s), or which holds the
    same queue at growing depth across snapshots.

    ## Why is this bad?
    Age, not depth, is what users feel: a job enqueued 40 minutes ago means an
    email 40 minutes late. An old head of queue means consumers are missing,
    too few, stuck on long jobs, or failing and retrying.

    ## Example
    `rq:queue:reports` holds 950 jobs; the first was enqueued at 05:12 and it is
    06:00. Pub/Sub: `oldest_unacked_message_age` is 2,700 s.

    ## Fix safety
    No automatic fix. Add consumers or find what holds them (see Q001, H001,
    T004), then verify the age falls.

    ## References
    RQ `Queue.count` and job `enqueued_at`; Pub/Sub metric
    `subscription/oldest_unacked_message_age`.
    """
    limit = float(ev.setting("backlog_age_s", 600.0))
    by_queue: dict[tuple[str, str], list[QueueStats]] = defaultdict(list)
    for q in ev.of(QueueStats):
        by_queue[(q.backend, q.queue)].append(q)
    taken_at: dict[str, datetime] | None = None
    for (_backend, _name), snaps in sorted(by_queue.items()):
        if all(s.observed_at is not None for s in snaps):
            snaps.sort(key=lambda s: s.observed_at or ev.as_of)
        latest = snaps[-1]
        old = latest.depth > 0 and latest.oldest_age_s is not None and latest.oldest_age_s > limit
        depths = [s.depth for s in snaps]
        growing = (
            len(depths) >= 3 and all(b > a for a, b in itertools.pairwise(depths))
        ) or _multiplied(snaps[0], latest)
        if taken_at is None and not (old or growing):
            taken_at = {}  # the last job taken from each queue, read once for all queues
            for span in job_spans(ev.of(LogRecord)):
                taken_at[span.queue] = span.started  # spans come sorted by start
        still = "" if old or growing else _nothing_taken(ev, latest, limit, taken_at or {})
        if not (old or growing or still):
            still = _nothing_left(snaps[0], latest, limit)
        if not (old or growing or still):
            continue
        parts = [still] if still else []
        if old:
            assert latest.oldest_age_s is not None
            parts.append(
                f"the oldest of {latest.depth} waiting in {latest.queue} has waited "
                f"{human_seconds(latest.oldest_age_s)} (threshold {human_seconds(limit)})"
            )
        if growing:
            grew = f"depth grew {' -> '.join(str(d) for d in depths)}"
            if snaps[0].observed_at is not None and latest.observed_at is not None:
                span = (latest.observed_at - snaps[0].observed_at).total_seconds()
                grew += f" in {human_seconds(span)}"
            if latest.consumers:
                grew += f" with {latest.consumers} live consumer(s): they do not keep up"
            parts.append(grew)
        severe = latest.oldest_age_s is not None and latest.oldest_age_s > 6 * limit
        yield Hit(
            subject=queue_subject(latest),
            summary="; ".join(parts),
            evidence=tuple(_stats_quote(s) for s in snaps[-3:]),
            fix=Fix(
                text="Make consumption keep up: check that workers listen on this queue (Q001), "
                "are alive (H001/H002) and are not stuck on jobs that hit their timeout "
                "(T004); then add workers if they are simply too few.",
                commands=("opsdoc runbook Q002",),
            ),
            confidence=0.85,
            severity=Severity.ERROR if severe else None,
        )


def _nothing_left(first: QueueStats, last: QueueStats, limit: float) -> str:
    """Two dated captures further apart than the threshold in which no job left the queue
    (none started, finished or failed beyond those running at the first), none runs at
    the second, no consumer listens, and the backlog did not fall:
    the jobs waiting at
    the first are still there at the second, so its head has waited at least that long
    (``rq info`` prints no age, two captures are what an on-call has)."""
    if first is last or first.observed_at is None or last.observed_at is None:
        return ""
    span = (last.observed_at - first.observed_at).total_seconds()
    # a job leaves the waiting list only to be started, then finished or failed: a job
    # that was running at the first capture and failed by the second (an abandoned job
    # rq's clean-up moved) took nothing from the list
    taken = (last.started + last.finished + last.failed) - (
        first.started + first.finished + first.failed
    )
    moved = taken > 0 or last.started > 0 or last.depth < first.depth
    if span <= limit or first.depth <= 0 or moved or last.consumers:
        return ""  # live consumers: their own evidence (busy, idle, hung) says more
    return (
        f"{first.depth} job(s) waited in {last.queue} at {iso(first.observed_at)} and "
        f"{human_seconds(span)} later none had finished, failed or started while the backlog "
        f"went to {last.depth}: its oldest job has waited at least {human_seconds(span)} "
        f"(threshold {human_seconds(limit)})"
    )


GROWTH_FACTOR = 2
GROWTH_MIN_JOBS = 100
GROWTH_MIN_SPAN_S = 300.0


def _multiplied(first: QueueStats, last: QueueStats) -> bool:
    """Two dated captures minutes apart in which the backlog at least doubled by a
    hundred jobs or more: producers outrun the consumers, whatever the queue's age
    (``rq info`` prints no age), and two pasted captures are what an on-call has."""
    if first is last or first.observed_at is None or last.observed_at is None:
        return False
    span = (last.observed_at - first.observed_at).total_seconds()
    return (
        span >= GROWTH_MIN_SPAN_S
        and last.depth >= GROWTH_FACTOR * first.depth
        and last.depth - first.depth >= GROWTH_MIN_JOBS
    )


@check(
    "Q003",
    "Failed jobs accumulating",
    needs={QueueStats},
    severity=Severity.WARNING,
)
def failed_jobs(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports queues whose failed-job registry (or dead-letter count) holds jobs,
    grouped by the exception the sampled failed jobs ended with, and escalates
    when failures are recent or outnumber successes.

    ## Why is this bad?
    RQ keeps failed jobs for a year by default and retries none unless told to:
    each one is work that silently did not happen. A failed registry that grows
    while finished stays flat means the workers run but the job code (or what it
    calls) is broken.

    ## Example
    `rq:failed:default` holds 310 jobs, 290 of them ending in
    `anthropic.NotFoundError: model: claude-3-5-sonnet-20240620`.

    ## Fix safety
    No automatic fix: fix the cause first, then requeue (`rq requeue --all
    --queue default`), which writes and is therefore left to you.

    ## References
    RQ `FailedJobRegistry`, `failure_ttl`, `Retry`; Pub/Sub dead-letter topics.
    """
    window = float(ev.setting("failed_recent_s", 86400.0))
    jobs_by_queue: dict[str, list[JobRecord]] = defaultdict(list)
    for job in ev.of(JobRecord):
        if job.status == "failed":
            jobs_by_queue[job.queue].append(job)
    for q in ev.of(QueueStats):
        if q.failed <= 0:
            continue
        sampled = jobs_by_queue.get(q.queue, [])
        recent = [
            j for j in sampled if j.ended_at and ev.as_of - j.ended_at <= timedelta(seconds=window)
        ]
        groups: dict[str, list[JobRecord]] = defaultdict(list)
        for job in sampled:
            groups[job.exc_summary or "(no exception recorded)"].append(job)
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        summary = f"{q.failed} failed job{'s' if q.failed != 1 else ''} in {q.queue}"
        if q.finished or q.failed:
            summary += f" ({q.finished} finished)"
        if ranked:
            top, members = ranked[0]
            summary += f"; {len(members)} of {len(sampled)} sampled ended with: {top}"
        worse = bool(recent) or q.failed > q.finished
        evidence = [_stats_quote(q)]
        for exc, members in ranked[:3]:
            j = members[0]
            evidence.append(
                quote(
                    j.ref.source,
                    j.ref.location,
                    f"{j.func} failed at {iso(j.ended_at)}: {exc}",
                )
            )
        yield Hit(
            subject=queue_subject(q),
            summary=summary,
            evidence=tuple(evidence),
            fix=Fix(
                text="Read the failures' tracebacks, fix the cause, then requeue the failed jobs. "
                "Give jobs a Retry policy only for transient errors.",
                commands=(
                    (
                        f"rq requeue --url $REDIS_URL --queue {shlex.quote(q.queue)} --all",
                        "opsdoc runbook Q003",
                    )
                    if q.backend == "rq"
                    else ("opsdoc runbook Q003",)
                ),
            ),
            confidence=0.9 if sampled else 0.7,
            severity=Severity.ERROR if worse else None,
        )


@check(
    "H003",
    "Registered workers whose heartbeat expired (zombie registrations)",
    needs={WorkerBeat},
    severity=Severity.WARNING,
)
def zombie_workers(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Lists workers still registered in `rq:workers` whose worker key has expired:
    they stopped heartbeating without unregistering.

    ## Why is this bad?
    A worker that is SIGKILLed, OOM-killed or loses its host never runs its
    clean-up. Its registration stays until something prunes it, so dashboards and
    `rq:workers:<queue>` count consumers that do not exist, hiding a queue that
    nobody serves (Q001). Jobs it was running stay in the started registry until
    their heartbeat expires and are then moved to failed.

    ## Example
    `rq:workers` lists `rq:worker:web-7f9c`, but `HGETALL rq:worker:web-7f9c` is
    empty: its TTL (worker_ttl + 60 s) ran out.

    ## Fix safety
    No automatic fix: opsdoc is read-only. Any rq command that cleans registries
    (e.g. `rq info`, a worker start) prunes them; find out why workers die
    without a clean shutdown (memory limits, SIGKILL on deploy, grace period).

    ## References
    RQ `worker_registration.clean_worker_registry`; `worker_ttl`.
    """
    beats = ev.of(WorkerBeat)
    yield from _refused_names(ev)
    zombies = [b for b in beats if b.state == "expired"]
    shared = _sharing_a_pid(beats)
    yield from _beyond_replicas(ev, [b for b in beats if b.state != "expired" and b not in shared])
    by_origin: dict[str, list[WorkerBeat]] = defaultdict(list)
    for b in [*zombies, *(b for b in shared if b not in zombies)]:
        # one Redis (its URL), or one export file (its lines)
        by_origin[re.sub(r":\d+$", "", b.ref.location.partition(" ")[0])].append(b)
    live = [b for b in beats if b.state not in _NOT_CONSUMING and b not in shared]
    for origin, dead in sorted(by_origin.items()):
        dead.sort(key=lambda b: b.worker)
        names = ", ".join(b.worker for b in dead[:5]) + (" ..." if len(dead) > 5 else "")
        twins = [b for b in dead if b in shared]
        plural = "s" if len(dead) != 1 else ""
        if not twins:
            summary = (
                f"{len(dead)} registered worker{plural} expired without unregistering ({names})"
            )
        else:
            why = []
            if len(twins) < len(dead):
                why.append(f"{len(dead) - len(twins)} expired without unregistering")
            why.append(
                f"{len(twins)} share a host and pid with another registration (e.g. "
                f"{twins[0].host} pid {twins[0].pid}: one process holds a pid on a host, so "
                "those registrations are left by workers that died there)"
            )
            summary = (
                f"{len(dead)} registered worker{plural} {'are dead registrations' if plural else 'is a dead registration'} "
                f"({names}): {'; '.join(why)}"
            )
        queues = sorted({q for b in dead for q in b.queues})
        yield Hit(
            subject=f"workers/{origin}" if len(by_origin) > 1 else "workers",
            summary=f"{summary}; {len(live)} live",
            evidence=tuple(_beat_quote(b) for b in dead[:5]),
            fix=Fix(
                text="Find why workers die without a clean shutdown (OOM kills, SIGKILL before "
                "the grace period ends, lost hosts) and give them time to finish on SIGTERM. "
                "The stale registrations are pruned by rq's own maintenance.",
                commands=("rq info --url $REDIS_URL", "opsdoc runbook H003"),
            ),
            confidence=0.95 if len(twins) < len(dead) else 0.8,
            # workers killed mid-job leave their jobs to the failed registry
            explains=tuple(f"Q003:queues/{q}" for q in queues),
        )


def _refused_names(ev: Evidence) -> Iterator[Hit]:
    """Registrations of workers known to be gone (`zombie_registrations`)."""
    found = zombie_registrations(ev)
    if not found:
        return
    names = ", ".join(z.beat.worker for z in found[:5]) + (" ..." if len(found) > 5 else "")
    oldest = max((ev.as_of - z.beat.at).total_seconds() for z in found if z.beat.at)
    tries = sum(z.refusals for z in found)
    hosts = sorted({z.beat.host for z in found if not z.refusals and z.beat.host})
    queues = sorted({q for z in found for q in z.beat.queues})
    plural = "s" if len(found) != 1 else ""
    why = []
    if hosts:
        why.append(
            f"the instance{'s' if len(hosts) != 1 else ''} they ran on ended after their "
            f"last heartbeat ({', '.join(hosts[:3])}{' ...' if len(hosts) > 3 else ''})"
        )
    if tries:
        why.append(
            f"rq refused their names to the workers started to replace them {tries} time(s) "
            "(`There exists an active worker named ... already`), so those cannot start"
        )
    yield Hit(
        subject="workers/gone-but-registered",
        summary=(
            f"{len(found)} registered worker{plural} ({names}) {'are' if plural else 'is'} gone "
            f"but still registered, heartbeats up to {human_seconds(oldest)} old: "
            f"{'; '.join(why)}. The processes died without unregistering, and rq counts them "
            f"as consumers of {', '.join(queues) or 'their queues'} until their keys expire"
        ),
        evidence=tuple(
            item for z in found[:3] for item in (_beat_quote(z.beat), log_quote(z.proof))
        ),
        fix=Fix(
            text="Give every worker process a name of its own (leave rq's default, or add the "
            "boot id or pid to it), so a restarted host never asks for a name its dead "
            "predecessor still holds; register death on shutdown (a stop hook); then delete "
            "the stale `rq:worker:NAME` keys (or run rq's registry clean-up) and requeue the "
            "jobs they held.",
            commands=("rq info --url $REDIS_URL", "opsdoc runbook H003"),
        ),
        confidence=0.9,
        severity=Severity.ERROR,
        explains=(
            *(f"{code}:workers/{z.beat.worker}" for z in found for code in ("H001", "H002")),
            *(f"{code}:queues/{q}" for q in queues for code in ("Q001", "Q002", "Q003")),
        ),
    )


_POD_NAME = r"-[a-z0-9]{6,10}-[a-z0-9]{5}"
"""What a Deployment appends to its name for each pod: the ReplicaSet's hash, then five
characters of the pod's own."""


def _beyond_replicas(ev: Evidence, beats: list[WorkerBeat]) -> Iterator[Hit]:
    """More pods registered workers than the Deployment that names them runs: a pod killed
    without unregistering (evicted, SIGKILLed at the end of its grace period) leaves its
    registration while the pod that replaced it registers under its own name. Only for a
    Deployment with a fixed replica count (no autoscaler in the project scales it)."""
    scaled = {s.attr("workload") for s in ev.code("long-running") if s.attr("autoscaled")}
    for site in ev.code("long-running"):
        workload, replicas = site.attr("workload"), site.attr("replicas")
        kind, _, name = workload.partition(" ")
        if kind != "Deployment" or not name or not replicas.isdigit() or workload in scaled:
            continue
        pod = re.compile(re.escape(name) + _POD_NAME + "$")
        mine = sorted((b for b in beats if pod.match(b.host)), key=lambda b: b.host)
        hosts = sorted({b.host for b in mine})
        extra = len(hosts) - int(replicas)
        if extra <= 0:
            continue
        yield Hit(
            subject=f"workers/deployment/{name}",
            summary=(
                f"{len(hosts)} pods of Deployment {name} have workers registered, but it runs "
                f"{replicas} replica(s): at least {extra} of those registrations were left by "
                "pods that are gone (killed without unregistering: evicted, or SIGKILLed at the "
                "end of their grace period). They count as consumers that do not exist until "
                "rq prunes them"
            ),
            evidence=(
                quote("code", site.where, f"{workload}: replicas: {replicas}"),
                *(_beat_quote(b) for b in mine[:4]),
            ),
            fix=Fix(
                text="Let workers shut down cleanly: run `rq worker` as the container's main "
                "process (`exec rq worker ...` in an entrypoint script, so SIGTERM reaches it) "
                "and give it a termination grace period longer than a job. The stale "
                "registrations are pruned by rq's own maintenance.",
                commands=(f"kubectl get pods | grep {shlex.quote(name)}", "opsdoc runbook H003"),
            ),
            confidence=0.7,
        )


def _sharing_a_pid(beats: list[WorkerBeat]) -> list[WorkerBeat]:
    """Registrations beyond the first on one host and pid: a container restarted in the same
    pod (same hostname, pid 1) registers again while the killed worker's entry stays. The
    registration that beat last may be the live one; the others cannot be."""
    names: dict[tuple[str, int], dict[str, list[WorkerBeat]]] = defaultdict(dict)
    for b in beats:  # one worker seen in several captures is one registration
        if b.host and b.pid is not None and b.state != "expired":
            names[(b.host, b.pid)].setdefault(b.worker, []).append(b)
    out: list[WorkerBeat] = []
    for by_name in names.values():
        if len(by_name) > 1:
            latest = max(
                by_name,
                key=lambda n: max(
                    (b.at for b in by_name[n] if b.at is not None),
                    default=datetime.min.replace(tzinfo=UTC),
                ),
            )
            out.extend(b for n, seen in by_name.items() if n != latest for b in seen)
    return out


def _duration(job: JobRecord) -> float | None:
    if job.started_at and job.ended_at:
        return (job.ended_at - job.started_at).total_seconds()
    return None


_HORSE_KILLED = re.compile(r"Work-horse terminated unexpectedly|Work horse killed", re.I)
"""rq's words when the worker kills a work horse that outlived its job timeout (after a
grace period), or that died some other way: only the timing tells which."""
HORSE_GRACE_S = 120.0
"""rq kills a horse that ignores the timeout 60-90 s after it (measured on rq 2.x)."""


def _killed_in_worker_logs(ev: Evidence, default: float) -> Iterator[tuple[JobRecord, str]]:
    """Job runs that rq worker output shows killed by a job timeout.

    Either the run raised ``JobTimeoutException``, or its work horse was killed
    between the timeout and the timeout plus rq's grace after the job started (an
    SDK that catches every exception and retries swallows the timeout exception,
    and only the kill is left).
    """
    from opsdoc.checks.silent import rq_job_runs

    for job, outcome, end in rq_job_runs(ev.of(LogRecord)):
        if outcome != "failed":
            continue
        text = "\n".join([end.message, *(e.message for e in job.errors)])
        started, ended = job.start.timestamp, end.timestamp
        ran = (ended - started).total_seconds() if started and ended else None
        base = JobRecord(
            ref=job.start.ref,
            job_id=job.job_id,
            queue=job.queue,
            func=job.func,
            status="failed",
            started_at=started,
            ended_at=ended,
        )
        if _TIMEOUT_EXC.search(text):
            limit = _TIMEOUT_VALUE.search(text)
            # the pattern holds no line break, so the line it matched in is there
            line = next(ln for ln in reversed(text.splitlines()) if _TIMEOUT_EXC.search(ln))
            yield (
                replace(
                    base,
                    timeout_s=float(limit.group(1)) if limit else None,
                    exc_summary=line.strip(),  # the quote shortens it
                ),
                "killed by its timeout",
            )
        elif (
            _HORSE_KILLED.search(text)
            and ran is not None
            and default <= ran <= default + HORSE_GRACE_S
        ):
            yield (
                replace(
                    base,
                    exc_summary=f"JobTimeoutException implied: work horse killed "
                    f"{human_seconds(ran)} after the job started",
                ),
                "killed by its timeout",
            )


@check(
    "T004",
    "RQ job timeout shorter than the work",
    any_of={JobRecord, LogRecord},
    severity=Severity.ERROR,
    root_cause=True,
)
def rq_job_timeout(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags RQ job functions whose runs were killed by their job timeout
    (`JobTimeoutException`), ran to within 10 % of it, or are still running past
    it; calls out the 180 s default when the timeout was never set.

    ## Why is this bad?
    RQ kills the work horse when a job exceeds its timeout and moves the job to
    the failed registry: the work is lost, and retried jobs die the same way. The
    default (180 s) silently applies to every enqueue that does not pass
    `job_timeout`, so a job that grew slower with its data starts failing one day.

    ## Example
    ```python
    q.enqueue(build_report, account_id)  # default 180 s; reports now take 4 min
    ```
    Use instead:
    ```python
    q.enqueue(build_report, account_id, job_timeout="15m")
    ```

    ## Fix safety
    No automatic fix: a longer timeout must still fit the platform's own limit
    (e.g. a Cloud Run Job task timeout).

    ## References
    RQ job timeouts (`job_timeout`, `Queue(default_timeout=...)`); `rq.timeouts.JobTimeoutException`.
    """
    default = float(ev.setting("rq_default_timeout_s", 180.0))
    ratio = float(ev.setting("request_timeout_ratio", 0.9))
    by_func: dict[str, list[tuple[JobRecord, str]]] = defaultdict(list)
    for job, why in _killed_in_worker_logs(ev, default):
        by_func[job.func].append((job, why))
    for job in ev.of(JobRecord):
        limit = job.timeout_s
        if _TIMEOUT_EXC.search(job.exc_summary):
            stated = _TIMEOUT_VALUE.search(job.exc_summary)
            if limit is None and stated:  # the exception states the limit the job had
                job = replace(job, timeout_s=float(stated.group(1)))
            by_func[job.func].append((job, "killed by its timeout"))
            continue
        if limit is None or limit <= 0:
            continue
        ran = _duration(job)
        if ran is not None and ran >= ratio * limit:
            by_func[job.func].append((job, f"ran {human_seconds(ran)}"))
        elif job.status == "started" and job.started_at and not job.ended_at:
            running = (ev.as_of - job.started_at).total_seconds()
            if running > limit:
                by_func[job.func].append((job, f"still running after {human_seconds(running)}"))
    for func, hits in sorted(by_func.items()):
        limits = sorted({j.timeout_s for j, _ in hits if j.timeout_s})
        killed = sum(1 for _, why in hits if why.startswith("killed"))
        longest = max(_duration(j) or 0.0 for j, _ in hits)  # every func has a hit
        limit_text = (
            " / ".join(human_seconds(x) for x in limits) if limits else f"{human_seconds(default)}?"
        )
        uses_default = not limits or default in limits
        summary = f"{len(hits)} observed run{'s' if len(hits) != 1 else ''} of {func}"
        if killed:
            summary += f": {killed} killed by the {limit_text} job timeout"
        elif any(why.startswith("still running") for _, why in hits):
            summary += f" are past the {limit_text} job timeout and still running"
        else:
            summary += f" came within {100 - ratio * 100:.0f} % of the {limit_text} job timeout"
        if longest:
            summary += f" (longest observed {human_seconds(longest)})"
        if uses_default:
            summary += f"; {human_seconds(default)} is RQ's default, applied because no job_timeout was set"
        queues = sorted({j.queue for j, _ in hits if j.queue})
        untimed = [
            s
            for s in ev.code("enqueue")
            if not s.attr("job_timeout")
            and s.attr("func").rpartition(".")[2] == func.rpartition(".")[2]
        ]
        if untimed and uses_default:
            summary += f"; {len(untimed)} enqueue call(s) pass no job_timeout"
        yield Hit(
            subject=f"rq-jobs/{func}",
            summary=summary,
            evidence=tuple(
                quote(
                    j.ref.source,
                    j.ref.location,
                    f"{j.func} ({j.status}, timeout {human_seconds(j.timeout_s) if j.timeout_s else '?'}) "
                    + (f"{why}: {j.exc_summary}" if j.exc_summary else why),
                )
                for j, why in hits[:3]
            )
            + tuple(quote("code", s.where, s.snippet) for s in untimed[:2]),
            fix=Fix(
                text=f"Give {func} a timeout that fits its real duration with margin "
                "(`job_timeout=` on enqueue, `@job(timeout=...)`, or the queue's "
                "`default_timeout`), or split the work into smaller jobs.",
                commands=("opsdoc runbook T004",),
            ),
            confidence=0.95 if killed else 0.7,
            severity=Severity.ERROR if killed else Severity.WARNING,
            explains=tuple(f"Q003:queues/{q}" for q in queues) if killed else (),
        )
