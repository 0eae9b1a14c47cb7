"""Q001, Q002, Q003, H003 and T004 on hand-built evidence (live runs: test_source_redis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsdoc.checks.queues import (
    backlog_too_old,
    backlog_without_consumer,
    failed_jobs,
    rq_job_timeout,
    zombie_workers,
)
from opsdoc.evidence import Evidence, JobConfig, JobRecord, LogRecord, QueueStats, Ref, WorkerBeat
from opsdoc.findings import Severity
from opsdoc.plugin import load_registry
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
REF = Ref("redis", "redis://h:6379/0 rq:queue:x")


def ev(*records, **settings) -> Evidence:
    e = Evidence(as_of=AS_OF, settings=dict(settings))
    e.add(records)
    return e


def q(name="emails", depth=10, **kw) -> QueueStats:
    return QueueStats(ref=REF, queue=name, backend="rq", depth=depth, **kw)


def beat(name, state="idle", queues=("emails",)) -> WorkerBeat:
    return WorkerBeat(
        ref=Ref("redis", f"redis://h:6379/0 rq:worker:{name}"),
        worker=name,
        at=AS_OF,
        state=state,
        queues=queues,
    )


def job(func="app.report", status="failed", exc="", timeout=180.0, ran=None, **kw) -> JobRecord:
    started = AS_OF - timedelta(minutes=30)
    return JobRecord(
        ref=Ref("redis", f"redis://h:6379/0 rq:job:{func}"),
        job_id=func,
        queue="emails",
        func=func,
        status=status,
        timeout_s=timeout,
        started_at=started,
        ended_at=started + timedelta(seconds=ran) if ran is not None else None,
        exc_summary=exc,
        **kw,
    )


def test_checks_are_registered_through_the_entry_point() -> None:
    specs = load_registry().specs
    for code in ("Q001", "Q002", "Q003", "H003", "T004"):
        assert specs[code].module == "opsdoc.checks.queues"
        assert "## Why is this bad?" in specs[code].doc


def test_q001_backlog_without_live_consumer() -> None:
    (hit,) = backlog_without_consumer(ev(q(consumers=0, oldest_age_s=900)))
    assert hit.subject == "queues/emails" and "no live worker" in hit.summary
    assert hit.explains == ("Q002:queues/emails",)
    assert not list(backlog_without_consumer(ev(q(consumers=1))))
    assert not list(backlog_without_consumer(ev(q(depth=0, consumers=0))))


def test_q001_from_rq_info_export_counts_listed_workers() -> None:
    # rq info exports do not count consumers: workers listing the queue do.
    assert not list(backlog_without_consumer(ev(q(), beat("w1"))))
    (hit,) = backlog_without_consumer(ev(q(), beat("w1", queues=("other",))))
    assert "emails" in hit.summary
    assert not list(backlog_without_consumer(ev(q())))  # nothing known about workers


def test_q002_threshold_is_configurable() -> None:
    assert not list(backlog_too_old(ev(q(oldest_age_s=300))))
    (hit,) = backlog_too_old(ev(q(oldest_age_s=900)))
    assert "15 min" in hit.summary and hit.severity is None
    (hit,) = backlog_too_old(ev(q(oldest_age_s=400), backlog_age_s=60))
    assert hit.severity is not None  # over 6x the 60 s threshold


def test_q003_groups_failures_by_exception() -> None:
    e = ev(
        q(failed=3, finished=1),
        job(exc="ValueError: x", ran=1),
        job(func="b", exc="ValueError: x", ran=1),
        job(func="c", exc="KeyError: 'y'", ran=1),
    )
    (hit,) = failed_jobs(e)
    assert "3 failed jobs in emails" in hit.summary
    assert "2 of 3 sampled ended with: ValueError: x" in hit.summary
    assert hit.severity is not None  # recent, and more failed than finished
    assert not list(failed_jobs(ev(q(failed=0))))


def test_h003_only_expired_registrations() -> None:
    (hit,) = zombie_workers(ev(beat("a", "expired"), beat("b", "expired"), beat("c")))
    assert hit.subject == "workers" and "2 registered workers expired" in hit.summary
    assert not list(zombie_workers(ev(beat("c"), beat("d", "busy"))))


def test_t004_killed_near_and_default_timeout() -> None:
    killed = job(
        exc="rq.timeouts.JobTimeoutException: Task exceeded maximum timeout value (180 seconds)",
        ran=180,
    )
    (hit,) = rq_job_timeout(ev(killed))
    assert hit.subject == "rq-jobs/app.report"
    assert "killed by the 3 min job timeout" in hit.summary and "RQ's default" in hit.summary
    assert hit.explains == ("Q003:queues/emails",)
    (near,) = rq_job_timeout(ev(job(func="f", status="finished", timeout=600, ran=590)))
    assert "within 10 %" in near.summary and "default" not in near.summary
    assert not list(rq_job_timeout(ev(job(func="g", status="finished", timeout=600, ran=60))))
    stated = job(
        func="k",
        exc="rq.timeouts.JobTimeoutException: Task exceeded maximum timeout value (600 seconds)",
        ran=600,
        timeout=None,
    )
    (set_limit,) = rq_job_timeout(ev(stated))  # a record without the timeout field
    assert "killed by the 10 min job timeout" in set_limit.summary
    assert "?" not in set_limit.summary and "RQ's default" not in set_limit.summary
    running = job(func="h", status="started", timeout=60)  # 30 min in, no end
    (late,) = rq_job_timeout(ev(running))
    assert "still running" in late.summary and late.severity is not None


# -- T004 from rq worker output (captured from a real rq 2.x worker, job_timeout=3) ---------

HORSE_LOG = Path(__file__).parent / "fixtures" / "exports" / "rq" / "horse-killed.log"


def _worker_log(**settings) -> Evidence:
    result = ExportsSource([str(HORSE_LOG)]).collect(SourceContext(AS_OF, ".", 30))
    return ev(*result.records, **settings)


def test_t004_from_worker_output_timeout_exception_and_killed_horse() -> None:
    # `jobs.slow` raised JobTimeoutException; `jobs.stubborn` swallowed it and rq killed
    # its work horse 90 s after the job started: the 3 s timeout plus rq's grace.
    hits = {h.subject: h for h in rq_job_timeout(_worker_log(rq_default_timeout_s=3.0))}
    assert set(hits) == {"rq-jobs/jobs.slow", "rq-jobs/jobs.stubborn"}
    assert "killed by the 3 s job timeout" in hits["rq-jobs/jobs.slow"].summary
    stubborn = hits["rq-jobs/jobs.stubborn"]
    assert "work horse killed 90 s after the job started" in stubborn.evidence[0].quote
    assert stubborn.severity is Severity.ERROR


def test_t004_a_horse_killed_long_after_the_timeout_and_grace_is_not_a_timeout() -> None:
    # With the 180 s default, a horse killed 90 s in died of something else (OOM, a crash);
    # the run that raised JobTimeoutException is still reported.
    subjects = [h.subject for h in rq_job_timeout(_worker_log())]
    assert subjects == ["rq-jobs/jobs.slow"]


# -- Q001: fresh backlogs and scheduled consumers -----------------------------------------------


def _drain_job() -> JobConfig:
    return JobConfig(
        ref=Ref("exports", "exports/job.yaml"),
        name="drain-emails",
        task_timeout_s=600.0,
        command=("rq",),
        args=("worker", "--burst", "emails"),
    )


def test_q001_a_backlog_seconds_old_is_not_unconsumed_yet() -> None:
    assert list(backlog_without_consumer(ev(q(depth=12, oldest_age_s=3.0, consumers=0)))) == []
    (hit,) = backlog_without_consumer(ev(q(depth=12, oldest_age_s=600.0, consumers=0)))
    assert hit.subject == "queues/emails"


def test_q001_a_scheduled_drain_job_is_a_consumer_between_runs() -> None:
    # rq info shows no worker at this instant: the drain job runs every few minutes.
    assert list(backlog_without_consumer(ev(q(depth=12, consumers=0), _drain_job()))) == []


def test_q001_a_scheduled_consumer_that_stopped_draining_is_still_reported() -> None:
    stale = q(depth=12, oldest_age_s=3600.0, consumers=0)
    (hit,) = backlog_without_consumer(ev(stale, _drain_job()))
    assert "60 min" in hit.summary


RQ3_INFO = """StartedJobRegistry cleanup: 4d941150-e53e-4d3d-b79d-7a743420ea50 Moved to FailedJobRegistry, due to AbandonedJobError, at 2026-12-03 07:40:13.136510+00:00
ingest       |████████████████████ 2300, 0 executing, 40 finished, 2 failed
1 queues, 2300 jobs total

0 workers, 1 queues

Updated: 2026-12-03 07:40:13.141388
"""


def test_rq3_info_with_its_registry_clean_up_line_first(tmp_path: Path) -> None:
    """rq 3 logs the clean-up of abandoned jobs before its table: the table is still read,
    and "0 workers" means no consumer."""
    (tmp_path / "rq-info.txt").write_text(RQ3_INFO, encoding="utf-8")
    result = ExportsSource([str(tmp_path)]).collect(
        SourceContext(as_of=datetime(2026, 12, 3, 7, 41, tzinfo=UTC), root=".", deadline_s=30)
    )
    [stats] = [r for r in result.records if isinstance(r, QueueStats)]
    assert (stats.queue, stats.depth, stats.failed, stats.consumers) == ("ingest", 2300, 2, 0)
    [hit] = backlog_without_consumer(ev(stats))
    assert "2300 jobs wait in ingest and no live worker listens on it" in hit.summary


def _taken(minutes_ago: float, n: int = 1) -> LogRecord:
    return LogRecord(
        Ref("exports", f"worker.log:{n}"),
        AS_OF - timedelta(minutes=minutes_ago),
        "INFO",
        f"Worker w1: emails: app.mail.send({n}) (job-{n})",
        instance="w1",
    )


@pytest.mark.parametrize(
    ("state", "minutes", "reported"),
    [("busy", 42, True), ("idle", 42, False), ("busy", 5, False)],
)
def test_q002_an_rq_queue_whose_busy_workers_took_nothing_for_too_long(
    state: str, minutes: float, reported: bool
) -> None:
    """`rq info` prints no job ages; the worker's log says when a job was last taken."""
    stats = q(depth=389, observed_at=AS_OF)
    hits = list(backlog_too_old(ev(stats, beat("w1", state=state), _taken(minutes))))
    assert bool(hits) is reported
    if reported:
        assert hits[0].summary.startswith(
            "389 job(s) wait in emails and its worker logs show no job taken from it since"
        )
