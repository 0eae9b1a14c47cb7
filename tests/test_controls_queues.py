"""Controls for Q001 and Q002 (backlogs): one guard per test, a fixture on each side.

Queue states, worker registrations and job configs are built in-process, shaped as
the Redis source and the exports reader record them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.queues import backlog_too_old, backlog_without_consumer
from opsdoc.evidence import CodeSite, Evidence, JobConfig, QueueStats, Record, Ref, WorkerBeat
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


def test_q002_each_queue_of_each_backend_on_its_own() -> None:
    records = [queue(oldest=700, name="b"), queue(oldest=700, name="a"), queue(oldest=10, name="c")]
    assert [h.subject for h in q002(*records)] == ["queues/a", "queues/b"]
