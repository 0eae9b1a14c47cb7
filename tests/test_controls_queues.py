"""Controls for Q001, Q002, Q003, H003 and T004 (queues, workers, job timeouts): one guard per test, a fixture on each side.

Queue states, worker registrations and job configs are built in-process, shaped as
the Redis source and the exports reader record them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.queues import (
    backlog_too_old,
    backlog_without_consumer,
    failed_jobs,
    rq_job_timeout,
    zombie_workers,
)
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    JobConfig,
    JobRecord,
    LogRecord,
    QueueStats,
    Record,
    Ref,
    WorkerBeat,
)
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def run(check: object, *records: Record, **settings: float) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.settings.update(settings)
    ev.add(records)
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def q001(*records: Record, **settings: float) -> list[Hit]:
    return run(backlog_without_consumer, *records, **settings)


def q002(*records: Record, **settings: float) -> list[Hit]:
    return run(backlog_too_old, *records, **settings)


def queue(
    depth: int = 12,
    oldest: float | None = 900,
    consumers: int | None = 0,
    *,
    name: str = "emails",
    backend: str = "rq",
    failed: int = 0,
    finished: int = 0,
    started: int = 0,
    where: str = "redis://localhost/0",
) -> QueueStats:
    return QueueStats(
        Ref("redis", where),
        name,
        backend,
        depth,
        oldest_age_s=oldest,
        started=started,
        failed=failed,
        finished=finished,
        consumers=consumers,
    )


def worker(name: str, state: str, queues: tuple[str, ...] = ("emails",)) -> WorkerBeat:
    return WorkerBeat(
        Ref("redis", f"rq:worker:{name}"),
        name,
        AS_OF - timedelta(minutes=5),
        state=state,
        queues=queues,
    )


def rq_fix(name: str = "emails") -> Fix:
    return Fix(
        text=f"Start a worker that listens on {name} (or add {name} to an existing "
        "worker's queue list), then watch the backlog drain.",
        commands=(f"rq worker --url $REDIS_URL {name}", "rq info --url $REDIS_URL --by-queue"),
    )


# -- Q001 ---------------------------------------------------------------------------------------


def test_q001_a_backlog_nobody_listens_on_in_full() -> None:
    assert q001(queue(started=2, failed=1, finished=3)) == [
        Hit(
            subject="queues/emails",
            summary="12 jobs wait in emails and no live worker listens on it; the oldest has waited 15 min",
            evidence=(
                EvidenceItem(
                    "redis",
                    "redis://localhost/0",
                    "rq queue emails: 12 waiting, oldest 15 min, 2 started, 1 failed, 3 finished, "
                    "0 live consumers",
                ),
            ),
            fix=rq_fix(),
            confidence=0.9,
            explains=("Q002:queues/emails",),
        )
    ]


def test_q001_an_empty_queue_or_a_live_consumer_is_fine() -> None:
    assert q001(queue(depth=0)) == []
    assert q001(queue(consumers=1)) == []
    [hit] = q001(queue(depth=1, oldest=None))
    assert hit.summary == "1 job wait in emails and no live worker listens on it"
    assert (
        hit.evidence[0].quote
        == "rq queue emails: 1 waiting, 0 failed, 0 finished, 0 live consumers"
    )


def test_q001_fresh_jobs_may_not_have_been_picked_up_yet() -> None:
    assert q001(queue(oldest=179)) == []
    assert len(q001(queue(oldest=180))) == 1
    assert q001(queue(oldest=250), unconsumed_age_s=300) == []


def test_q001_counts_rq_workers_from_their_registrations_when_the_source_does_not() -> None:
    listed = queue(consumers=None)
    # no registrations at all: the count is unknown, nothing is said
    assert q001(listed) == []
    # a live worker on the queue
    assert q001(listed, worker("w1", "idle")) == []
    # a worker on another queue only
    [hit] = q001(listed, worker("w1", "idle", ("reports",)))
    assert hit.confidence == 0.7
    # workers claiming the queue that are not consuming
    dead = [worker(f"w{i}", "suspended") for i in range(4)]
    [hit] = q001(listed, *dead)
    assert hit.summary.endswith("(4 registered worker(s) for it are suspended)")
    assert [e.ref for e in hit.evidence] == [
        "redis://localhost/0",
        "rq:worker:w0",
        "rq:worker:w1",
        "rq:worker:w2",
    ]
    assert (
        hit.evidence[1].quote
        == "worker w0: state suspended, queues emails, last heartbeat 2026-11-23T05:55:00Z"
    )


@pytest.mark.parametrize("state", ["expired", "suspended", "dead", "stopped"])
def test_q001_registrations_that_do_not_consume(state: str) -> None:
    assert len(q001(queue(consumers=None), worker("w1", state))) == 1


def test_q001_other_backends_need_a_consumer_count() -> None:
    assert q001(queue(consumers=None, backend="pubsub"), worker("w1", "dead")) == []
    [hit] = q001(queue(backend="pubsub"))
    assert hit.fix == Fix(
        text="Start a worker that listens on emails (or add emails to an existing "
        "worker's queue list), then watch the backlog drain.",
        commands=("opsdoc runbook Q001",),
    )


def job(*argv: str) -> JobConfig:
    return JobConfig(Ref("exports", "job.yaml"), "drain", 600, command=argv[:1], args=argv[1:])


def test_q001_a_scheduled_drain_job_consumes_between_runs() -> None:
    drains = job("rq", "worker", "--burst", "emails")
    # waiting less than twice the age threshold: between two runs
    assert q001(queue(oldest=359), drains) == []
    assert len(q001(queue(oldest=360), drains)) == 1
    assert len(q001(queue(oldest=None), drains)) == 0
    # the short flag, and a job that only says it drains
    assert q001(queue(oldest=200), job("rq", "worker", "-b", "emails")) == []
    assert q001(queue(oldest=200), job("python", "-m", "app.drain")) == []
    # a listening worker is no scheduled drain
    assert len(q001(queue(oldest=200), job("rq", "worker", "emails"))) == 1


def test_q001_a_cron_entry_in_the_code_is_a_scheduled_consumer() -> None:
    cron = CodeSite(
        Ref("code", "k8s/cron.yaml:3"),
        "job-context",
        "k8s/cron.yaml",
        3,
        "kind: CronJob",
        attrs=(("command", "python consume.py"),),
    )
    assert q001(queue(oldest=200), cron) == []
    plain = CodeSite(
        Ref("code", "k8s/job.yaml:3"),
        "job-context",
        "k8s/job.yaml",
        3,
        "kind: Job",
        attrs=(("command", "python consume.py"),),
    )
    assert len(q001(queue(oldest=200), plain)) == 1


# -- Q002 ---------------------------------------------------------------------------------------

Q002_FIX = Fix(
    text="Make consumption keep up: check that workers listen on this queue (Q001), "
    "are alive (H001/H002) and are not stuck on jobs that hit their timeout "
    "(T004); then add workers if they are simply too few.",
    commands=("opsdoc runbook Q002",),
)


def test_q002_an_old_backlog_in_full() -> None:
    assert q002(queue(oldest=601, consumers=2)) == [
        Hit(
            subject="queues/emails",
            summary="the oldest of 12 waiting in emails has waited 10 min (threshold 10 min)",
            evidence=(
                EvidenceItem(
                    "redis",
                    "redis://localhost/0",
                    "rq queue emails: 12 waiting, oldest 10 min, 0 failed, 0 finished, 2 live consumers",
                ),
            ),
            fix=Q002_FIX,
            confidence=0.85,
            severity=None,
        )
    ]


def test_q002_the_age_threshold_and_its_severe_multiple() -> None:
    assert q002(queue(oldest=600)) == []
    assert q002(queue(oldest=None)) == []
    assert q002(queue(depth=0, oldest=5000)) == []
    assert q002(queue(oldest=700), backlog_age_s=800) == []
    assert [h.severity for h in q002(queue(oldest=3600))] == [None]
    assert [h.severity for h in q002(queue(oldest=3601))] == [Severity.ERROR]


def test_q002_a_depth_that_grows_across_three_snapshots() -> None:
    snaps = [queue(depth=d, oldest=30, where=f"snap{i}") for i, d in enumerate((5, 9, 14))]
    [hit] = q002(*snaps)
    assert hit.summary == "depth grew 5 -> 9 -> 14"
    assert [e.ref for e in hit.evidence] == ["snap0", "snap1", "snap2"]
    # two snapshots are not a trend; a flat step is not growth
    assert q002(*snaps[:2]) == []
    flat = [queue(depth=d, oldest=30, where=f"snap{i}") for i, d in enumerate((5, 9, 9))]
    assert q002(*flat) == []
    # both at once, the last three quoted
    more = [
        queue(depth=d, oldest=30 if i < 3 else 700, where=f"snap{i}")
        for i, d in enumerate((1, 5, 9, 14))
    ]
    [hit] = q002(*more)
    assert hit.summary == (
        "the oldest of 14 waiting in emails has waited 12 min (threshold 10 min); "
        "depth grew 1 -> 5 -> 9 -> 14"
    )
    assert [e.ref for e in hit.evidence] == ["snap1", "snap2", "snap3"]


def dated(depth: int, minutes: float, consumers: int | None = 3) -> QueueStats:
    """An ``rq info`` capture: no age, a depth, and the ``Updated:`` time."""
    return replace(
        queue(depth=depth, oldest=None, consumers=consumers, where=f"rq-info-{minutes:g}.txt:1"),
        observed_at=AS_OF - timedelta(minutes=60 - minutes),
    )


def test_q002_two_dated_captures_in_which_the_backlog_multiplied() -> None:
    [hit] = q002(dated(9817, 40), dated(1204, 0))  # pasted newest first
    assert hit.summary == (
        "depth grew 1204 -> 9817 in 40 min with 3 live consumer(s): they do not keep up"
    )
    assert [e.ref for e in hit.evidence] == ["rq-info-0.txt:1", "rq-info-40.txt:1"]
    assert hit.severity is None  # no age is known: the check's own warning


@pytest.mark.parametrize(
    ("first", "last", "minutes"),
    [
        (1204, 2407, 40),  # just under double
        (100, 199, 40),  # doubled, but by fewer than a hundred jobs
        (1204, 9817, 4.9),  # too close together to call a trend
        (9817, 1204, 40),  # draining
    ],
)
def test_q002_two_captures_that_do_not_show_a_backlog_outrunning_its_consumers(
    first: int, last: int, minutes: float
) -> None:
    assert q002(dated(first, 0), dated(last, minutes)) == []


def test_q002_two_captures_at_the_bounds_are_growth() -> None:
    assert len(q002(dated(1204, 0), dated(2408, 5))) == 1
    assert len(q002(dated(100, 0), dated(200, 5))) == 1
    [hit] = q002(dated(100, 0, consumers=0), dated(200, 5, consumers=0))
    assert hit.summary == "depth grew 100 -> 200 in 5 min"


def test_q002_two_captures_in_which_no_job_left_a_queue_nobody_consumes() -> None:
    """``rq info`` at 09:13 and 09:34: 3351 then 3412 waiting, nothing finished, failed or
    running, no worker on the queue: the jobs of the first capture are still there, so
    the head has waited at least 21 minutes. Each guard has its near miss."""
    first, last = dated(3351, 0, consumers=0), dated(3412, 21, consumers=0)
    [hit] = q002(first, last)
    assert "none had finished, failed or started" in hit.summary
    assert "has waited at least 21 min" in hit.summary
    assert q002(first, dated(3412, 9, consumers=0)) == []  # within the threshold
    assert q002(first, replace(last, finished=1)) == []  # a job finished: it moves
    assert q002(first, replace(last, failed=1)) == []
    assert q002(first, replace(last, started=1)) == []
    assert q002(first, dated(3300, 21, consumers=0)) == []  # the backlog fell
    assert q002(first, dated(3412, 21, consumers=2)) == []  # consumers: their own evidence
    assert q002(dated(0, 0, consumers=0), dated(0, 21, consumers=0)) == []


def test_q002_each_queue_of_each_backend_on_its_own() -> None:
    records = [queue(oldest=700, name="b"), queue(oldest=700, name="a"), queue(oldest=10, name="c")]
    assert [h.subject for h in q002(*records)] == ["queues/a", "queues/b"]


# -- Q003 ---------------------------------------------------------------------------------------


def job_record(
    job_id: str,
    exc: str = "",
    *,
    status: str = "failed",
    ended: float | None = 3600,
    started: float | None = None,
    func: str = "app.send",
    queue_name: str = "emails",
    timeout: float | None = None,
) -> JobRecord:
    return JobRecord(
        Ref("redis", f"rq:job:{job_id}"),
        job_id,
        queue_name,
        func,
        status,
        timeout_s=timeout,
        started_at=AS_OF - timedelta(seconds=started) if started is not None else None,
        ended_at=AS_OF - timedelta(seconds=ended) if ended is not None else None,
        exc_summary=exc,
    )


def q003(*records: Record, **settings: float) -> list[Hit]:
    return run(failed_jobs, *records, **settings)


def test_q003_failures_with_their_commonest_exception_in_full() -> None:
    records = [
        queue(depth=0, failed=3, finished=10, consumers=1),
        job_record("a", "KeyError: 'x'"),
        job_record("b", "KeyError: 'x'"),
        job_record("c", "", ended=None),
    ]
    assert q003(*records) == [
        Hit(
            subject="queues/emails",
            summary="3 failed jobs in emails (10 finished); 2 of 3 sampled ended with: KeyError: 'x'",
            evidence=(
                EvidenceItem(
                    "redis",
                    "redis://localhost/0",
                    "rq queue emails: 0 waiting, oldest 15 min, 3 failed, 10 finished, 1 live consumer",
                ),
                EvidenceItem(
                    "redis", "rq:job:a", "app.send failed at 2026-11-23T05:00:00Z: KeyError: 'x'"
                ),
                EvidenceItem("redis", "rq:job:c", "app.send failed at ?: (no exception recorded)"),
            ),
            fix=Fix(
                text="Read the failures' tracebacks, fix the cause, then requeue the failed jobs. "
                "Give jobs a Retry policy only for transient errors.",
                commands=(
                    "rq requeue --url $REDIS_URL --queue emails --all",
                    "opsdoc runbook Q003",
                ),
            ),
            confidence=0.9,
            severity=Severity.ERROR,  # failed within the last day
        )
    ]


def test_q003_no_failures_no_finding_and_unsampled_failures_at_lower_confidence() -> None:
    assert q003(queue(failed=0)) == []
    [hit] = q003(queue(failed=1, finished=0, backend="pubsub"))
    assert hit.summary == "1 failed job in emails (0 finished)"
    assert (hit.confidence, hit.severity) == (0.7, Severity.ERROR)  # more failed than finished
    assert hit.fix.commands == ("opsdoc runbook Q003",)


def test_q003_is_an_error_when_failures_are_recent_or_outnumber_successes() -> None:
    def severity(*records: Record, **settings: float) -> Severity | None:
        [hit] = q003(*records, **settings)
        return hit.severity

    many_ok = queue(failed=2, finished=10)
    assert severity(many_ok) is None
    assert severity(many_ok, job_record("a", ended=86400)) is Severity.ERROR  # a day ago, inclusive
    assert severity(many_ok, job_record("a", ended=86401)) is None
    assert severity(many_ok, job_record("a", ended=3600), failed_recent_s=600) is None
    assert severity(queue(failed=10, finished=10)) is None
    assert severity(queue(failed=11, finished=10)) is Severity.ERROR
    # only failed jobs of this queue are sampled
    assert severity(many_ok, job_record("a", status="finished")) is None
    assert severity(many_ok, job_record("a", queue_name="other")) is None


def test_q003_ranks_exceptions_by_count_then_name_and_quotes_three() -> None:
    records = [queue(failed=9, finished=0)]
    for i, exc in enumerate(["B", "A", "C", "A", "B", "D"]):
        records.append(job_record(f"j{i}", exc))
    [hit] = q003(*records)
    assert hit.summary.endswith("; 2 of 6 sampled ended with: A")
    assert [e.quote.rsplit(": ", 1)[1] for e in hit.evidence[1:]] == ["A", "B", "C"]


# -- H003 ---------------------------------------------------------------------------------------


def registration(name: str, state: str, origin: str = "redis://a/0") -> WorkerBeat:
    return WorkerBeat(
        Ref("redis", f"{origin} rq:worker:{name}"), name, AS_OF, state=state, queues=("emails",)
    )


H003_FIX = Fix(
    text="Find why workers die without a clean shutdown (OOM kills, SIGKILL before "
    "the grace period ends, lost hosts) and give them time to finish on SIGTERM. "
    "The stale registrations are pruned by rq's own maintenance.",
    commands=("rq info --url $REDIS_URL", "opsdoc runbook H003"),
)


def test_h003_expired_registrations_in_full() -> None:
    records = [registration(f"w{i}", "expired") for i in (3, 1, 2)] + [
        registration("live", "busy"),
        registration("gone", "dead"),
    ]
    assert run(zombie_workers, *records) == [
        Hit(
            subject="workers",
            summary="3 registered workers expired without unregistering (w1, w2, w3); 1 live",
            evidence=tuple(
                EvidenceItem(
                    "redis",
                    f"redis://a/0 rq:worker:w{i}",
                    f"worker w{i}: state expired, queues emails, last heartbeat 2026-11-23T06:00:00Z",
                )
                for i in (1, 2, 3)
            ),
            fix=H003_FIX,
            confidence=0.95,
            explains=("Q003:queues/emails",),
        )
    ]


def test_h003_one_finding_per_redis_when_there_are_several_and_five_names_at_most() -> None:
    records = [registration(f"w{i}", "expired", "redis://b/0") for i in range(7)]
    records.append(registration("x", "expired", "redis://a/0"))
    hits = run(zombie_workers, *records)
    assert [h.subject for h in hits] == ["workers/redis://a/0", "workers/redis://b/0"]
    assert hits[0].summary == "1 registered worker expired without unregistering (x); 0 live"
    assert "(w0, w1, w2, w3, w4 ...)" in hits[1].summary
    assert len(hits[1].evidence) == 5
    assert run(zombie_workers, registration("w", "busy")) == []


# -- T004 ---------------------------------------------------------------------------------------


def t004(*records: Record, **settings: float) -> list[Hit]:
    return run(rq_job_timeout, *records, **settings)


T004_FIX = Fix(
    text="Give app.send a timeout that fits its real duration with margin "
    "(`job_timeout=` on enqueue, `@job(timeout=...)`, or the queue's "
    "`default_timeout`), or split the work into smaller jobs.",
    commands=("opsdoc runbook T004",),
)


def test_t004_a_job_killed_by_its_timeout_in_full() -> None:
    killed = job_record(
        "a",
        "JobTimeoutException: Task exceeded maximum timeout value (180 seconds)",
        started=400,
        ended=200,
    )
    assert t004(killed) == [
        Hit(
            subject="rq-jobs/app.send",
            summary="1 observed run of app.send: 1 killed by the 3 min job timeout (longest "
            "observed 3 min); 3 min is RQ's default, applied because no job_timeout was set",
            evidence=(
                EvidenceItem(
                    "redis",
                    "rq:job:a",
                    "app.send (failed, timeout 3 min) killed by its timeout: JobTimeoutException: Task "
                    "exceeded maximum timeout value (180 seconds)",
                ),
            ),
            fix=T004_FIX,
            confidence=0.95,
            severity=Severity.ERROR,
            explains=("Q003:queues/emails",),
        )
    ]


def test_t004_runs_near_their_own_timeout_are_a_warning() -> None:
    # 90 % of a 600 s timeout is 540 s
    near = job_record("a", status="finished", started=1000, ended=460, timeout=600)
    [hit] = t004(near)
    assert (
        hit.summary
        == "1 observed run of app.send came within 10 % of the 10 min job timeout (longest observed 9 min)"
    )
    assert (hit.severity, hit.confidence, hit.explains) == (Severity.WARNING, 0.7, ())
    assert hit.evidence[0].quote == "app.send (finished, timeout 10 min) ran 9 min"
    assert t004(job_record("a", status="finished", started=1000, ended=461, timeout=600)) == []
    assert t004(near, request_timeout_ratio=0.95) == []
    # no timeout known, or a nonsensical one: nothing to compare with
    assert t004(job_record("a", status="finished", started=1000, ended=0)) == []
    assert t004(job_record("a", status="finished", started=1000, ended=0, timeout=0)) == []


def test_t004_a_job_still_running_past_its_timeout() -> None:
    running = job_record("a", status="started", started=700, ended=None, timeout=600)
    [hit] = t004(running)
    assert (
        hit.summary
        == "1 observed run of app.send are past the 10 min job timeout and still running"
    )
    assert hit.evidence[0].quote == "app.send (started, timeout 10 min) still running after 12 min"
    assert t004(job_record("a", status="started", started=600, ended=None, timeout=600)) == []
    assert t004(job_record("a", status="queued", started=700, ended=None, timeout=600)) == []


def test_t004_the_default_timeout_and_enqueue_calls_without_one() -> None:
    at_default = job_record("a", status="finished", started=1000, ended=820, timeout=180)
    untimed = CodeSite(
        Ref("code", "app/api.py:9"),
        "enqueue",
        "app/api.py",
        9,
        "q.enqueue(send)",
        attrs=(("func", "send"),),
    )
    timed = CodeSite(
        Ref("code", "app/api.py:12"),
        "enqueue",
        "app/api.py",
        12,
        "q.enqueue(send, job_timeout=900)",
        attrs=(("func", "app.send"), ("job_timeout", "900")),
    )
    other = CodeSite(
        Ref("code", "app/api.py:15"),
        "enqueue",
        "app/api.py",
        15,
        "q.enqueue(x)",
        attrs=(("func", "x"),),
    )
    [hit] = t004(at_default, untimed, timed, other)
    assert hit.summary.endswith(
        "; 3 min is RQ's default, applied because no job_timeout was set; 1 enqueue call(s) pass no job_timeout"
    )
    assert [e.ref for e in hit.evidence] == ["rq:job:a", "app/api.py:9"]
    # a timeout of its own: the enqueue calls are not the explanation
    own = job_record("a", status="finished", started=1000, ended=400, timeout=600)
    [hit] = t004(own, untimed)
    assert "default" not in hit.summary
    assert "enqueue call(s)" not in hit.summary
    # the default is a setting
    [hit] = t004(
        job_record("a", status="finished", started=1000, ended=700, timeout=300),
        rq_default_timeout_s=300,
    )
    assert "5 min is RQ's default" in hit.summary


# -- Q001 after two `rq info` captures: the workers were there and hung --------------------------

BEFORE = AS_OF - timedelta(minutes=25)
AFTER = AS_OF - timedelta(minutes=5)


def captured(
    name: str, depth: int, consumers: int, *, finished: int = 140, at: datetime, line: int
) -> QueueStats:
    file = "rq-0535.txt" if at == BEFORE else "rq-0555.txt"
    return QueueStats(
        Ref("exports", f"{file}:{line}"),
        name,
        "rq",
        depth,
        finished=finished,
        consumers=consumers,
        observed_at=at,
    )


def listed(name: str, queues: tuple[str, ...], line: int, state: str = "busy") -> WorkerBeat:
    return WorkerBeat(Ref("exports", f"rq-0535.txt:{line}"), name, None, state=state, queues=queues)


VANISHED_FIX = Fix(
    text="Find out what the vanished workers were doing (stack dump if they still run, "
    "their last log lines if not) before adding workers.",
    commands=("opsdoc runbook H001",),
)


def test_q001_workers_busy_in_an_earlier_capture_that_finished_nothing_in_full() -> None:
    records = [
        captured("ingest", 12, 4, at=BEFORE, line=1),
        captured("ingest", 57, 0, at=AFTER, line=1),
        *(listed(f"feed-{i}", ("ingest",), 4 + i) for i in (4, 1, 2, 3)),
    ]
    assert q001(*records) == [
        Hit(
            subject="queues/ingest",
            summary="57 job(s) wait in ingest and no live worker listens on it now, but 4 "
            "worker(s) (feed-4, feed-1, feed-2) were busy on it at 2026-11-23T05:35:00Z and "
            "finished nothing since: they hung or died mid-job (H001/H002), so starting another "
            "worker would hang the same way",
            evidence=(
                EvidenceItem(
                    "exports",
                    "rq-0555.txt:1",
                    "rq queue ingest: 57 waiting, 0 failed, 140 finished, 0 live consumers",
                ),
                EvidenceItem(
                    "exports",
                    "rq-0535.txt:8",
                    "worker feed-4: state busy, queues ingest, last heartbeat unknown",
                ),
                EvidenceItem(
                    "exports",
                    "rq-0535.txt:5",
                    "worker feed-1: state busy, queues ingest, last heartbeat unknown",
                ),
            ),
            fix=VANISHED_FIX,
            confidence=0.8,
            severity=Severity.WARNING,
            root_cause=False,
        )
    ]


def test_q001_only_the_newest_capture_of_a_queue_speaks_for_it() -> None:
    # a backlog with no consumer in the earlier capture, drained by the later one
    drained = [captured("mail", 5, 0, at=BEFORE, line=2), captured("mail", 0, 0, at=AFTER, line=2)]
    assert q001(*drained) == []
    # the reverse: the newest capture is the one reported, and as plain Q001 (nobody was busy)
    filled = [captured("mail", 0, 1, at=BEFORE, line=2), captured("mail", 5, 0, at=AFTER, line=2)]
    [hit] = q001(*filled)
    assert hit.summary == "5 jobs wait in mail and no live worker listens on it"
    assert hit.evidence[0].ref == "rq-0555.txt:2"
    assert hit.fix == rq_fix("mail")
    # a state without a capture time stands for itself beside the captures
    assert [h.summary for h in q001(*drained, queue(name="mail"))] == [
        "12 jobs wait in mail and no live worker listens on it; the oldest has waited 15 min"
    ]


def test_q001_stalled_workers_explain_only_the_queues_they_were_busy_on() -> None:
    records = [
        captured("ingest", 12, 4, at=BEFORE, line=1),
        captured("mail", 3, 0, at=BEFORE, line=2),
        captured("ingest", 57, 0, at=AFTER, line=1),
        captured("mail", 3, 0, at=AFTER, line=2),
        listed("feed-1", ("ingest",), 5),
    ]
    hits = q001(*records)
    assert [(h.subject, h.severity) for h in hits] == [
        ("queues/ingest", Severity.WARNING),
        ("queues/mail", None),
    ]
    # work that moved between the captures: plain Q001 again
    moved = [
        r
        if r.ref.location != "rq-0555.txt:1"
        else captured("ingest", 57, 0, finished=141, at=AFTER, line=1)
        for r in records
    ]
    assert [(h.subject, h.severity) for h in q001(*moved)] == [
        ("queues/ingest", None),
        ("queues/mail", None),
    ]


def test_a_registration_quote_names_every_queue_it_claims_or_none() -> None:
    both = WorkerBeat(
        Ref("redis", "rq:worker:w1"), "w1", None, state="dead", queues=("emails", "reports")
    )
    [hit] = q001(queue(consumers=None), both)
    assert hit.evidence[1].quote == (
        "worker w1: state dead, queues emails,reports, last heartbeat unknown"
    )
    bare = WorkerBeat(Ref("redis", "redis://a/0 rq:worker:w2"), "w2", AS_OF, state="expired")
    [hit] = run(zombie_workers, bare)
    assert hit.evidence == (
        EvidenceItem(
            "redis",
            "redis://a/0 rq:worker:w2",
            "worker w2: state expired, queues ?, last heartbeat 2026-11-23T06:00:00Z",
        ),
    )


def test_q001_each_queue_is_judged_after_the_ones_it_passes_over() -> None:
    records = [
        captured("mail", 5, 0, at=BEFORE, line=2),  # an older capture
        captured("mail", 0, 0, at=AFTER, line=2),  # empty
        queue(name="a-live", consumers=1),
        queue(name="b-fresh", oldest=100),
        queue(name="c-between-runs", oldest=300),  # under twice the age threshold
        job("rq", "worker", "--burst", "emails"),
        queue(name="d-old", oldest=900),
    ]
    assert [h.subject for h in q001(*records)] == ["queues/d-old"]


def test_q001_names_the_state_of_the_registrations_that_do_not_consume() -> None:
    [hit] = q001(queue(consumers=None), worker("w1", "expired"), worker("w2", "expired"))
    assert hit.summary == (
        "12 jobs wait in emails and no live worker listens on it; the oldest has waited 15 min "
        "(2 registered worker(s) for it are expired)"
    )


def scheduled(snippet: str, **attrs: str) -> CodeSite:
    return CodeSite(
        Ref("code", "deploy/job.yaml:3"),
        "job-context",
        "deploy/job.yaml",
        3,
        snippet,
        attrs=tuple(sorted(attrs.items())),
    )


@pytest.mark.parametrize(
    "site",
    [
        scheduled("kind: Job", command="rq,worker,--burst,emails"),  # the container's command
        scheduled("kind: Job", entry="drain.py"),  # the Python entry point it runs
        scheduled("- drain", command="python"),  # the line itself
    ],
)
def test_q001_a_job_whose_command_or_entry_point_drains_is_a_scheduled_consumer(
    site: CodeSite,
) -> None:
    assert q001(queue(oldest=200), site) == []
    assert len(q001(queue(oldest=360), site)) == 1


def test_q002_a_single_old_job_and_a_fine_queue_before_an_old_one() -> None:
    [hit] = q002(queue(depth=1, oldest=700))
    assert hit.summary == "the oldest of 1 waiting in emails has waited 12 min (threshold 10 min)"
    records = [queue(name="a", oldest=10), queue(name="b", oldest=700)]
    assert [h.subject for h in q002(*records)] == ["queues/b"]


def test_q002_an_unknown_age_is_never_old_even_with_no_threshold() -> None:
    assert q002(queue(oldest=None), backlog_age_s=0) == []
    assert len(q002(queue(oldest=1), backlog_age_s=0)) == 1


def test_q003_a_queue_without_failures_before_one_with_them() -> None:
    records = [queue(name="a", failed=0), queue(name="b", failed=2, finished=5)]
    assert [h.subject for h in q003(*records)] == ["queues/b"]


def test_h003_five_names_are_listed_whole_and_six_are_cut() -> None:
    five = [registration(f"w{i}", "expired") for i in range(5)]
    [hit] = run(zombie_workers, *five)
    assert "(w0, w1, w2, w3, w4); 0 live" in hit.summary
    [hit] = run(zombie_workers, *five, registration("w5", "expired"))
    assert "(w0, w1, w2, w3, w4 ...); 0 live" in hit.summary


def test_h003_a_worker_name_with_a_space_stays_with_its_redis() -> None:
    records = [
        registration("feed worker", "expired", "redis://b/0"),
        registration("mail", "expired", "redis://b/0"),
        registration("x", "expired", "redis://a/0"),
    ]
    hits = run(zombie_workers, *records)
    assert [(h.subject, h.summary.split("(")[1].split(")")[0]) for h in hits] == [
        ("workers/redis://a/0", "x"),
        ("workers/redis://b/0", "feed worker, mail"),
    ]


# -- T004 from rq worker output -----------------------------------------------------------------

W = "Worker 9924889ec5314a42b693c47b5485b313: "
T_RUN = AS_OF - timedelta(hours=1)


def worker_line(n: int, at: float | None, message: str, severity: str = "INFO") -> LogRecord:
    """Line ``n`` of a worker's log file, ``at`` seconds after the first job started."""
    when = T_RUN + timedelta(seconds=at) if at is not None else None
    return LogRecord(Ref("exports", f"worker.log:{n}"), when, severity, message, stream="file")


def started(n: int, at: float | None, job_id: str, func: str = "jobs.render") -> LogRecord:
    return worker_line(n, at, f"{W}media: {func}(7) ({job_id})")


def horse_killed(n: int, at: float | None, job_id: str) -> LogRecord:
    return worker_line(
        n,
        at,
        f"{W}job {job_id} failed (Work-horse terminated unexpectedly; waitpid returned None; )",
    )


ID1, ID2, ID3 = (f"{i}ea068ab-5cd1-4ee1-bdcb-02b36725572d" for i in (6, 7, 8))
T004_LOG_FIX = Fix(
    text="Give jobs.render a timeout that fits its real duration with margin "
    "(`job_timeout=` on enqueue, `@job(timeout=...)`, or the queue's "
    "`default_timeout`), or split the work into smaller jobs.",
    commands=("opsdoc runbook T004",),
)


def test_t004_a_horse_killed_after_the_timeout_and_a_swallowed_timeout_in_full() -> None:
    # the first run logged the timeout exception it caught, then its horse was killed; the
    # second was killed 180 s in (the default) with nothing else said
    records = [
        started(1, 0, ID1),
        worker_line(2, 60, "JobTimeoutException: Task exceeded maximum timeout value", "ERROR"),
        horse_killed(3, 150, ID1),
        started(4, 200, ID2),
        horse_killed(5, 380, ID2),
    ]
    assert t004(*records) == [
        Hit(
            subject="rq-jobs/jobs.render",
            summary="2 observed runs of jobs.render: 2 killed by the 3 min? job timeout (longest "
            "observed 3 min); 3 min is RQ's default, applied because no job_timeout was set",
            evidence=(
                EvidenceItem(
                    "exports",
                    "worker.log:1",
                    "jobs.render (failed, timeout ?) killed by its timeout: JobTimeoutException: "
                    "Task exceeded maximum timeout value",
                ),
                EvidenceItem(
                    "exports",
                    "worker.log:4",
                    "jobs.render (failed, timeout ?) killed by its timeout: JobTimeoutException "
                    "implied: work horse killed 3 min after the job started",
                ),
            ),
            fix=T004_LOG_FIX,
            confidence=0.95,
            severity=Severity.ERROR,
            explains=("Q003:queues/media",),
        )
    ]


def test_t004_a_horse_killed_from_the_timeout_to_the_timeout_plus_rqs_grace() -> None:
    def killed_after(seconds: float) -> list[Hit]:
        return t004(started(1, 0, ID1), horse_killed(2, seconds, ID1))

    assert killed_after(179) == []
    assert len(killed_after(180)) == 1
    assert len(killed_after(300)) == 1
    assert killed_after(301) == []
    # a run whose start or end has no time cannot be timed
    assert t004(started(1, None, ID1), horse_killed(2, 200, ID1)) == []
    assert t004(started(1, 0, ID1), horse_killed(2, None, ID1)) == []


def test_t004_the_timeout_read_from_the_exception_and_its_line_quoted() -> None:
    raised = f"{W}job {ID1}: exception raised while executing (jobs.render)"
    long_line = (
        "rq.timeouts.JobTimeoutException: Task exceeded maximum timeout value (60 seconds) "
        + "while rendering frame " * 10
    )
    records = [started(1, 0, ID1), worker_line(2, 61, raised), worker_line(3, 61, long_line)]
    [hit] = t004(*records)
    assert hit.summary.startswith("1 observed run of jobs.render: 1 killed by the 60 s job timeout")
    assert hit.evidence[0].quote == (
        "jobs.render (failed, timeout 60 s) killed by its timeout: " + long_line[:175] + "…"
    )


def test_t004_a_run_that_went_well_before_one_killed_is_passed_over() -> None:
    records = [
        started(1, 0, ID3),
        worker_line(2, 5, f"{W}media: Job OK ({ID3})"),
        started(3, 10, ID1),
        horse_killed(4, 200, ID1),
    ]
    [hit] = t004(*records)
    assert hit.summary.startswith("1 observed run of jobs.render: 1 killed")
    assert [e.ref for e in hit.evidence] == ["worker.log:3"]


def test_t004_each_kind_of_job_passed_over_before_one_reported() -> None:
    records = [
        job_record("a", "JobTimeoutException: Task exceeded maximum timeout value (180 seconds)"),
        job_record("b", status="finished", started=1000, ended=0),  # no timeout known
        job_record("c", status="finished", started=1000, ended=460, timeout=600, func="app.y"),
    ]
    assert [h.subject for h in t004(*records)] == ["rq-jobs/app.send", "rq-jobs/app.y"]


def test_t004_a_one_second_timeout_is_a_timeout() -> None:
    [hit] = t004(job_record("a", status="finished", started=10, ended=9, timeout=1))
    assert hit.summary.startswith("1 observed run of app.send came within 10 % of the 1 s job")


def test_t004_runs_with_two_timeouts_three_quoted_and_two_enqueue_calls() -> None:
    runs = [
        job_record(f"r{i}", status="finished", started=1000, ended=1000 - t * 0.95, timeout=t)
        for i, t in enumerate((180, 600, 600, 600))
    ]
    untimed = [
        CodeSite(
            Ref("code", f"app/api.py:{n}"),
            "enqueue",
            "app/api.py",
            n,
            f"q.enqueue({func})",
            attrs=(("func", func),),
        )
        for n, func in ((9, "send"), (10, "tasks.send"), (11, "send"))
    ]
    [hit] = t004(*runs, *untimed)
    assert hit.summary == (
        "4 observed runs of app.send came within 10 % of the 3 min / 10 min job timeout (longest "
        "observed 10 min); 3 min is RQ's default, applied because no job_timeout was set; 3 "
        "enqueue call(s) pass no job_timeout"
    )
    assert hit.evidence[3:] == (
        EvidenceItem("code", "app/api.py:9", "q.enqueue(send)"),
        EvidenceItem("code", "app/api.py:10", "q.enqueue(tasks.send)"),
    )
    assert [e.ref for e in hit.evidence[:3]] == ["rq:job:r0", "rq:job:r1", "rq:job:r2"]
    # the function is matched by its last name, however deep its module
    deep = job_record("a", status="finished", started=1000, ended=820, timeout=180, func="a.b.send")
    [hit] = t004(deep, untimed[0])
    assert hit.summary.endswith("; 1 enqueue call(s) pass no job_timeout")


def pod_worker(name: str, host: str, pid: int = 1, beat: int | None = None) -> WorkerBeat:
    at = AS_OF - timedelta(minutes=beat) if beat is not None else None
    return WorkerBeat(
        Ref("exports", f"rq-info.txt:{4 + int(name[1:] or 0)}"),
        name,
        at,
        pid=pid,
        state="busy",
        queues=("ocr",),
        host=host,
    )


def test_h003_registrations_sharing_a_host_and_pid_are_left_by_dead_workers() -> None:
    """A container OOM-killed and restarted in its pod registers again as pid 1 on the same
    hostname; the killed worker's registration stays until its TTL runs out."""
    records = [
        pod_worker("a1", "ocr-2xkqp", beat=30),
        pod_worker("a2", "ocr-2xkqp", beat=12),
        pod_worker("a3", "ocr-2xkqp", beat=1),  # beat last: may be the live one
        pod_worker("b1", "ocr-m4w2r", beat=1),
    ]
    [hit] = run(zombie_workers, *records)
    assert hit.summary == (
        "2 registered workers are dead registrations (a1, a2): 2 share a host and pid with "
        "another registration (e.g. ocr-2xkqp pid 1: one process holds a pid on a host, so "
        "those registrations are left by workers that died there); 2 live"
    )
    assert (hit.confidence, hit.explains) == (0.8, ("Q003:queues/ocr",))


def test_h003_one_registration_per_host_and_pid_is_no_sign() -> None:
    # near miss: same host, other pids (a worker pool on one machine)
    pool = [pod_worker(f"p{i}", "vm-1", pid=100 + i) for i in range(3)]
    assert run(zombie_workers, *pool) == []
    # control: same pid on other hosts (every pod's worker is pid 1)
    pods = [pod_worker(f"w{i}", f"ocr-{i}") for i in range(3)]
    assert run(zombie_workers, *pods) == []
    # without a host the pid proves nothing
    assert run(zombie_workers, pod_worker("x1", ""), pod_worker("y2", "")) == []


def test_h003_one_worker_in_two_captures_is_one_registration() -> None:
    first = pod_worker("w1", "7f3c1e9a0b24")
    again = replace(first, ref=Ref("exports", "rq-info-1146.txt:4"))
    other = pod_worker("w2", "c41d8e2f6a90")
    assert run(zombie_workers, first, again, other, replace(other, ref=again.ref)) == []


def _workload(name: str = "feeds-worker", replicas: str = "3", **attrs: str) -> CodeSite:
    values = {"workload": f"Deployment {name}", "replicas": replicas, "image": "feeds:1", **attrs}
    return CodeSite(
        Ref("code", "k8s/worker.yaml:2"),
        "long-running",
        "k8s/worker.yaml",
        2,
        "kind: Deployment",
        "",
        tuple(sorted(values.items())),
    )


def _on_pod(suffix: str, pid: int = 7) -> WorkerBeat:
    return WorkerBeat(
        Ref("exports", f"rq-info.txt:{suffix}"),
        f"w-{suffix}",
        None,
        pid,
        "idle",
        ("feeds",),
        host=f"feeds-worker-6f8b9c7d54-{suffix}",
    )


PODS = ("hv7rm", "x2lph", "zc9kf", "4mfvn", "k6rtd", "tn4wd")


def test_h003_more_pods_registered_than_the_deployment_runs() -> None:
    """Six pods of a three-replica Deployment registered workers: three of them were
    replaced without unregistering (evicted, SIGKILLed), and rq still lists them."""
    [hit] = run(zombie_workers, _workload(), *(_on_pod(s) for s in PODS))
    unknown = "state idle, queues feeds, last heartbeat unknown"
    assert hit == Hit(
        subject="workers/deployment/feeds-worker",
        summary="6 pods of Deployment feeds-worker have workers registered, but it runs 3 "
        "replica(s): at least 3 of those registrations were left by pods that are gone (killed "
        "without unregistering: evicted, or SIGKILLed at the end of their grace period). They "
        "count as consumers that do not exist until rq prunes them",
        evidence=(
            EvidenceItem("code", "k8s/worker.yaml:2", "Deployment feeds-worker: replicas: 3"),
            *(
                EvidenceItem("exports", f"rq-info.txt:{pod}", f"worker w-{pod}: {unknown}")
                for pod in ("4mfvn", "hv7rm", "k6rtd", "tn4wd")
            ),
        ),
        fix=Fix(
            text="Let workers shut down cleanly: run `rq worker` as the container's main process "
            "(`exec rq worker ...` in an entrypoint script, so SIGTERM reaches it) and give it a "
            "termination grace period longer than a job. The stale registrations are pruned by "
            "rq's own maintenance.",
            commands=("kubectl get pods | grep feeds-worker", "opsdoc runbook H003"),
        ),
        confidence=0.7,
    )
    # one pod more than the replicas is enough; a pod's name must end the host name
    [one] = run(zombie_workers, _workload(), *(_on_pod(s) for s in PODS[:4]))
    assert "4 pods of Deployment feeds-worker" in one.summary and "at least 1 of" in one.summary
    other = replace(_on_pod("zz9zz"), host="feeds-worker-6f8b9c7d54-zz9zz-debug")
    assert run(zombie_workers, _workload(), *(_on_pod(s) for s in PODS[:3]), other) == []


@pytest.mark.parametrize(
    "records",
    [
        # as many pods as replicas (two workers in one pod are one pod)
        [_workload(), *(_on_pod(s) for s in PODS[:3]), replace(_on_pod("hv7rm", 8), worker="w-2")],
        # an autoscaler scales it: the count is not fixed
        [
            _workload(),
            CodeSite(
                Ref("code", "k8s/hpa.yaml:2"),
                "long-running",
                "k8s/hpa.yaml",
                2,
                "kind: HorizontalPodAutoscaler",
                "",
                (("autoscaled", "true"), ("workload", "Deployment feeds-worker")),
            ),
            *(_on_pod(s) for s in PODS),
        ],
        # workers on hosts that are not this Deployment's pods
        [_workload(name="mailer"), *(_on_pod(s) for s in PODS)],
        # no replica count in the manifest
        [_workload(replicas=""), *(_on_pod(s) for s in PODS)],
    ],
)
def test_h003_registrations_within_the_replica_count_or_not_countable(
    records: list[Record],
) -> None:
    assert run(zombie_workers, *records) == []


def test_t004_rq_words_after_the_applications_logging_prefix_and_a_description() -> None:
    """An app that calls ``logging.basicConfig`` puts time, level and rq's logger name
    before rq's words, and an enqueue with ``description=`` hides the function in the
    start line: the failure line names it, so every run counts for one function."""
    prefix = "2026-11-23 05:00:00,402 {} rq.worker: "
    records = []
    for k, job_id in enumerate((ID1, ID2)):
        base = k * 200
        records += [
            worker_line(
                10 * k + 1, base, prefix.format("INFO") + f"{W}ledger: nightly p{k}/8 ({job_id})"
            ),
            worker_line(
                10 * k + 2,
                base + 180,
                prefix.format("ERROR")
                + f"{W}job {job_id}: exception raised while executing (jobs.reconcile)",
            ),
            worker_line(
                10 * k + 3, base + 180, '  File "rq/timeouts.py", line 63, in handle_death_penalty'
            ),
            worker_line(
                10 * k + 4,
                base + 180,
                "    raise self._exception(f'Task exceeded maximum timeout value ({self._timeout} seconds)')",
            ),
            worker_line(
                10 * k + 5,
                base + 180,
                "rq.timeouts.JobTimeoutException: Task exceeded maximum timeout value (180 seconds)",
            ),
        ]
    [hit] = t004(*records)
    assert hit.subject == "rq-jobs/jobs.reconcile"
    assert hit.summary.startswith(
        "2 observed runs of jobs.reconcile: 2 killed by the 3 min job timeout"
    )
    assert hit.evidence[0].quote.endswith(
        "killed by its timeout: rq.timeouts.JobTimeoutException: Task exceeded maximum timeout "
        "value (180 seconds)"
    )


def test_q002_a_job_abandoned_between_the_captures_took_nothing_from_the_list() -> None:
    """At 07:31 one job runs (its worker already dead), at 08:22 rq's clean-up has moved it
    to failed: started + finished + failed is unchanged, so nothing left the waiting
    list. A job started or finished beyond that is movement."""
    first = replace(dated(19, 0, consumers=1), started=1, failed=9, finished=587)
    last = replace(dated(31, 51, consumers=0), failed=10, finished=587)
    [hit] = q002(first, last)
    assert "has waited at least 51 min" in hit.summary
    assert q002(first, replace(last, finished=588)) == []
    assert q002(first, replace(last, started=1)) == []


# -- H003: registrations of workers that are gone -----------------------------------------


def _gone_evidence(beat_age_s: float, *extra: object) -> Evidence:
    from opsdoc.evidence import WorkerBeat

    at = AS_OF - timedelta(seconds=beat_age_s)
    beats = [
        WorkerBeat(Ref("exports", f"{w}.json"), w, at, pid=7, state="busy", queues=("ingest",), host=h)
        for w, h in (("spot-a-1", "spot-a"), ("spot-a-2", "spot-a"), ("spot-b-1", "spot-b"))
    ]  # fmt: skip
    e = Evidence(as_of=AS_OF)
    e.add([*beats, *extra])  # type: ignore[list-item]
    return e


def _refusal(worker: str, minutes_ago: float = 1) -> LogRecord:
    return LogRecord(
        Ref("exports", f"journal.txt:{worker}"), AS_OF - timedelta(minutes=minutes_ago), "ERROR",
        f"ValueError: There exists an active worker named '{worker}' already",
    )  # fmt: skip


def _ended(host: str, seconds_ago: float) -> LogRecord:
    return LogRecord(
        Ref("exports", f"ops.json#{host}"), AS_OF - timedelta(seconds=seconds_ago), "WARNING",
        f"Compute Engine instance {host}: Instance was preempted. (compute.instances.preempted)",
        stream="system", resource_type="gce_instance", instance=host,
    )  # fmt: skip


def _gone(e: Evidence) -> list[Hit]:
    return [h for h in zombie_workers(e) if h.subject == "workers/gone-but-registered"]


def test_h003_gone_registrations_in_full() -> None:
    e = _gone_evidence(1800, _ended("spot-a", 1700), _refusal("spot-b-1"), _refusal("spot-b-1", 2))
    stale = "last heartbeat 2026-11-23T05:30:00Z"
    assert _gone(e) == [
        Hit(
            subject="workers/gone-but-registered",
            summary="3 registered workers (spot-a-1, spot-a-2, spot-b-1) are gone but still "
            "registered, heartbeats up to 30 min old: the instance they ran on ended after their "
            "last heartbeat (spot-a); rq refused their names to the workers started to replace "
            "them 2 time(s) (`There exists an active worker named ... already`), so those cannot "
            "start. The processes died without unregistering, and rq counts them as consumers of "
            "ingest until their keys expire",
            evidence=(
                EvidenceItem("exports", "spot-a-1.json", f"worker spot-a-1: state busy, queues ingest, {stale}"),
                EvidenceItem("exports", "ops.json#spot-a", "2026-11-23T05:31:40Z WARNING Compute Engine instance spot-a: Instance was preempted. (compute.instances.preempted)"),
                EvidenceItem("exports", "spot-a-2.json", f"worker spot-a-2: state busy, queues ingest, {stale}"),
                EvidenceItem("exports", "ops.json#spot-a", "2026-11-23T05:31:40Z WARNING Compute Engine instance spot-a: Instance was preempted. (compute.instances.preempted)"),
                EvidenceItem("exports", "spot-b-1.json", f"worker spot-b-1: state busy, queues ingest, {stale}"),
                EvidenceItem("exports", "journal.txt:spot-b-1", "2026-11-23T05:59:00Z ERROR ValueError: There exists an active worker named 'spot-b-1' already"),
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
                "H001:workers/spot-a-1", "H002:workers/spot-a-1",
                "H001:workers/spot-a-2", "H002:workers/spot-a-2",
                "H001:workers/spot-b-1", "H002:workers/spot-b-1",
                "Q001:queues/ingest", "Q002:queues/ingest", "Q003:queues/ingest",
            ),
        )
    ]  # fmt: skip


def test_h003_gone_needs_a_stale_beat_and_an_end_after_it() -> None:
    # a beat within period + grace (60 s + 120 s) belongs to a live worker whatever is logged
    assert _gone(_gone_evidence(180, _ended("spot-a", 100), _refusal("spot-b-1"))) == []
    # the instance ended before the last heartbeat: the worker registered after it
    assert _gone(_gone_evidence(1800, _ended("spot-a", 1900))) == []
    # one refused registration alone: singular, and no instance clause
    (hit,) = _gone(_gone_evidence(181, _refusal("spot-b-1")))
    assert hit.summary.startswith(
        "1 registered worker (spot-b-1) is gone but still registered, heartbeats up to 3 min "
        "old: rq refused their names to the workers started to replace them 1 time(s)"
    )


# -- Q001 on a Pub/Sub subscription, from its Monitoring history ----------------------------


def _history(
    minutes: int = 40, step: int = 5, shrink_at: int | None = None, age_rate: float = 1.0
) -> list[QueueStats]:
    """Captures of ``orders-sub`` every ``step`` minutes up to AS_OF: the head ages with the
    clock (``age_rate``) from 20 min, the backlog grows by 100 each time (once falling by 50
    at ``shrink_at``)."""
    out = []
    n = minutes // step
    for i in range(n + 1):
        at = AS_OF - timedelta(minutes=minutes - i * step)
        depth = 1000 + 100 * i - (150 if shrink_at is not None and i == shrink_at else 0)
        age = 1200 + age_rate * i * step * 60
        out.append(
            QueueStats(
                Ref("exports", f"monitoring.json:orders-sub@{i}"), "orders-sub", "pubsub", depth,
                oldest_age_s=age, observed_at=at,
            )
        )  # fmt: skip
    return out


def test_q001_a_subscription_nothing_acknowledges_in_full() -> None:
    hits = q001(*_history())
    assert hits == [
        Hit(
            subject="queues/orders-sub",
            summary="1800 messages wait in subscription orders-sub and nothing acknowledged "
            "any of them: from 2026-11-23T05:20:00Z to 2026-11-23T06:00:00Z the oldest message "
            "aged from 20 min to 60 min and the backlog grew from 1000 to 1800 without ever "
            "shrinking, so no consumer is pulling (or every one it pulls fails); the oldest "
            "has waited 60 min",
            evidence=(
                EvidenceItem(
                    "exports", "monitoring.json:orders-sub@8",
                    "pubsub queue orders-sub: 1800 waiting, oldest 60 min, 0 failed, 0 finished",
                ),
            ),
            fix=Fix(
                text="Start a worker that listens on orders-sub (or add orders-sub to an "
                "existing worker's queue list), then watch the backlog drain.",
                commands=("opsdoc runbook Q001",),
            ),
            confidence=0.8,
            explains=("Q002:queues/orders-sub",),
        )
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "history"),
    [
        ("the backlog shrank once: something acknowledged", _history(shrink_at=4)),
        ("under half an hour of history", _history(minutes=25)),
        ("the head moved: it aged slower than the clock", _history(age_rate=0.7)),
        ("two captures are no history", _history(minutes=10, step=5)[:2]),
    ],
)
def test_q001_needs_half_an_hour_in_which_nothing_was_acknowledged(
    case: str, history: list[QueueStats]
) -> None:
    assert q001(*history) == [], case


def test_q001_a_consumer_that_logged_through_the_window_is_there_and_too_slow() -> None:
    """A Deployment whose pods logged without failing from before the window to its end is
    the consumer, falling behind (Q002); one that stopped logging inside it is not."""
    from opsdoc.evidence import LogSummary

    deployment = CodeSite(
        Ref("code", "k8s/deploy.yaml:2"), "long-running", "k8s/deploy.yaml", 2,
        attrs=(("replicas", "3"), ("workload", "Deployment orders-consumer")),
    )  # fmt: skip

    def pod_log(last_ago_min: float, errors: int = 0) -> LogSummary:
        return LogSummary(
            Ref("exports", "kubectl-logs-orders-consumer-7d9f-abcde.log"), "",
            "kubectl-logs-orders-consumer-7d9f-abcde", "file", 400, errors, 0,
            AS_OF - timedelta(hours=2), AS_OF - timedelta(minutes=last_ago_min),
        )  # fmt: skip

    assert q001(*_history(), deployment, pod_log(1)) == []
    assert len(q001(*_history(), deployment, pod_log(20))) == 1  # it stopped inside the window
    assert len(q001(*_history(), deployment, pod_log(1, errors=200))) == 1  # failing all along


def test_q001_when_a_workload_names_the_subscription_only_it_is_the_consumer() -> None:
    """The API that publishes to ``orders-sub`` logs through any backlog; when the consumer
    Deployment's settings name the subscription, only that Deployment's logs count, here
    or as the Cloud Run service whose environment names it."""
    from opsdoc.evidence import LogSummary, ServiceConfig

    def deployment(name: str, settings: str = "") -> CodeSite:
        attrs = {"replicas": "2", "workload": f"Deployment {name}", "settings": settings}
        return CodeSite(
            Ref("code", f"k8s/{name}.yaml:2"), "long-running", f"k8s/{name}.yaml", 2,
            attrs=tuple(sorted(attrs.items())),
        )  # fmt: skip

    def pod_log(name: str) -> LogSummary:
        return LogSummary(
            Ref("exports", f"kubectl-logs-{name}-7d9f-abcde.log"), "",
            f"kubectl-logs-{name}-7d9f-abcde", "file", 400, 0, 0,
            AS_OF - timedelta(hours=2), AS_OF - timedelta(minutes=1),
        )  # fmt: skip

    consumer = deployment("orders-consumer", "projects/p/subscriptions/orders-sub 10")
    api = deployment("orders-api")
    assert len(q001(*_history(), consumer, api, pod_log("orders-api"))) == 1
    assert q001(*_history(), consumer, api, pod_log("orders-consumer")) == []
    # nothing names the subscription: any workload logging through the window may be it
    assert q001(*_history(), deployment("orders-consumer"), api, pod_log("orders-api")) == []
    service = ServiceConfig(
        Ref("exports", "svc.yaml"), "orders-push", 300.0, env=(("SUBSCRIPTION", "orders-sub"),)
    )
    assert len(q001(*_history(), service, api, pod_log("orders-api"))) == 1
    assert q001(*_history(), service, api, pod_log("orders-push")) == []
