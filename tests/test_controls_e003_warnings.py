"""E003 on warnings that carry failures: a run that logged every item's failure at WARNING.

A batch step that catches every exception often logs it as a warning; the execution
succeeds. Those warnings count when they carry a failure (a caught exception, an HTTP
error status, an API error type) and the failures dominate the run; plain warnings,
failures that a retry of the same item fixed, and a few failures among many successes
do not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from incident_corpus import Case, diagnose

from opsdoc.checks.silent import carries_failure, failing_warnings, silent_failure
from opsdoc.evidence import Evidence, Execution, LogRecord, Record, Ref
from opsdoc.findings import Hit

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
AUTH = (
    "summary failed for {doc}: Error code: 401 - {{'type': 'error', 'error': "
    "{{'type': 'authentication_error', 'message': 'invalid x-api-key'}}}}"
)


def run(*records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(silent_failure.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def execution(status: str = "succeeded") -> Execution:
    end = T0 + timedelta(seconds=600)
    return Execution(
        Ref("exports", "executions.json#docsum-x1"), "docsum-x1", "docsum", T0, end, status
    )


def line(seconds: float, message: str, severity: str = "WARNING") -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{int(seconds)}"),
        T0 + timedelta(seconds=seconds),
        severity,
        message,
        stream="stdout",
        job="docsum",
        execution="docsum-x1",
    )


def failures(n: int, every: float = 5.0) -> list[LogRecord]:
    return [line(10 + every * i, AUTH.format(doc=f"doc-{i:04d}")) for i in range(n)]


@pytest.mark.parametrize(
    "message",
    [
        AUTH.format(doc="doc-1"),
        'HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 401 Unauthorized"',
        "upload of report.pdf failed: 403 Forbidden",
        "push rejected status=500",
        "rate limited, status_code: 429",
        "could not index doc-3: requests.exceptions.ConnectionError: refused",
        "could not index doc-3\nTraceback (most recent call last):\n  File x\nValueError: bad",
        "model call failed: {'type': 'not_found_error'}",
        "bucket write denied: permission_error",
        # requests' HTTPError text, as `logger.warning("...: %s", exc)` prints it
        "enrich failed for acc_f94a: 401 Client Error: Unauthorized for url: https://x/v3/c",
        "push failed: 503 Server Error: Service Unavailable for url: https://hooks.example/in",
    ],
)
def test_warnings_that_carry_a_failure(message: str) -> None:
    assert carries_failure(message)


@pytest.mark.parametrize(
    "message",
    [
        "still waiting (attempt 9)",
        "slow response from search (3.2 s)",
        "DeprecationWarning: datetime.utcnow() is deprecated",
        "/app/x.py:10: UserWarning: the default will change",
        "Connection pool is full, discarding connection: api.internal",
        "cache miss for doc-4, computing",
        "processed 401 documents",
    ],
)
def test_plain_warnings_carry_none(message: str) -> None:
    assert not carries_failure(message)


def test_every_item_failing_at_warning_is_a_silent_failure() -> None:
    records = [
        execution(),
        line(1, "starting docsum run: 5 documents", "INFO"),
        *failures(5),
        line(60, "summarised 5 documents, 5 failed", "INFO"),
    ]
    hits = run(*records)
    assert [h.subject for h in hits] == ["executions/docsum-x1"]
    assert hits[0].summary.startswith(
        "execution docsum-x1 of docsum succeeded but logged 5 failure(s) at WARNING, first: "
        "summary failed for doc-0000: Error code: 401"
    )
    assert len(hits[0].evidence) == 4


def test_with_no_summary_three_failures_and_no_item_done_dominate() -> None:
    assert len(failing_warnings(failures(3))) == 3
    assert failing_warnings(failures(2)) == []
    done = line(200, "saved summary for doc-9999", "INFO")
    assert failing_warnings([*failures(5), done]) == []


@pytest.mark.parametrize(
    ("summary", "silent"),
    [
        ("summarised 40 documents, 40 failed", True),
        ("done: ok=0 failed=40", True),
        ("40/40 documents failed", True),
        ("3 of 120 documents failed", False),
        ("done: ok=117 failed=3", False),
        ("finished with 0 errors", False),
    ],
)
def test_a_summary_decides_whether_failures_dominate(summary: str, silent: bool) -> None:
    records = [*failures(3), line(100, summary, "INFO")]
    assert bool(failing_warnings(records)) is silent


def test_a_failure_a_later_retry_of_the_same_item_fixed_is_not_silent() -> None:
    assert len(failing_warnings(failures(3))) == 3
    # doc-0001 failed, then a later pass got it: two failures left, no longer dominant
    again = line(120, "doc-0001 retried on second pass", "INFO")
    assert failing_warnings([*failures(3), again]) == []
    # the model name every failure shares names no item
    shared = [
        line(10 + 5 * i, f"doc-{i} via claude-sonnet-4-5: Error code: 401 authentication_error")
        for i in range(3)
    ]
    later = line(100, "warming claude-sonnet-4-5 again", "INFO")
    assert len(failing_warnings([*shared, later])) == 3


def test_failures_said_to_be_retried_are_handled() -> None:
    retried = [
        line(10 + 5 * i, f"doc-{i}: Error code: 429 rate_limit_error; will retry in 2 s")
        for i in range(5)
    ]
    assert failing_warnings(retried) == []


def test_benign_warnings_and_failed_executions_stay_silent() -> None:
    benign = [line(10 + 5 * i, f"still waiting for lock (attempt {i})") for i in range(8)]
    assert run(execution(), *benign) == []
    assert run(execution("failed"), *failures(5)) == []


def test_errors_keep_their_own_finding() -> None:
    records = [execution(), line(5, "boom: ValueError: x", "ERROR"), *failures(5)]
    hits = run(*records)
    assert len(hits) == 1
    assert "logged 1 error(s)" in hits[0].summary


def test_diagnose_a_batch_job_that_logged_every_401_at_warning() -> None:
    """A Cloud Run job (Dockerfile CMD ``python -m briefs.main``) whose per-case step
    logs a warning and returns False; its logs (a gcloud logging export) hold one
    `authentication_error` per case and every execution (gcloud's executions list)
    succeeded. The swallowing step is the root cause and the executions its symptom."""
    folder = Path(__file__).parent / "fixtures" / "batch_incident"
    case = Case(folder, "incident", ("A004",), ("E003",), "2026-11-26T08:00:00Z")
    outcome = diagnose(case)
    assert outcome.problem == ""
    assert outcome.first == "A004"
    assert outcome.codes.count("E003") == 3
    assert set(outcome.codes) == {"A004", "E003"}


def worker_line(n: int, message: str, severity: str = "INFO") -> LogRecord:
    return LogRecord(Ref("exports", f"worker.log:{n}"), None, severity, message, stream="file")


def test_an_rq_job_ok_after_every_item_failed_at_warning() -> None:
    lines = [
        worker_line(1, "Worker w1: default: app.jobs.brief_all() (abcd1234-0001)"),
        *(worker_line(2 + i, AUTH.format(doc=f"case-{i}"), "WARNING") for i in range(3)),
        worker_line(6, "briefs written: 0 ok, 3 failed"),
        worker_line(7, "Worker w1: default: Job OK (abcd1234-0001)"),
    ]
    hits = run(*lines)
    assert [h.subject for h in hits] == ["jobs/app.jobs.brief_all"]
    assert hits[0].summary.startswith(
        "1 run(s) of app.jobs.brief_all reported success (rq `Job OK`) after logging 3 "
        "failure(s) at WARNING, e.g. summary failed for case-0: Error code: 401"
    )
    # the same job with most of its items done is not a silent failure
    mostly = [*lines[:-2], worker_line(6, "briefs written: 37 ok, 3 failed"), lines[-1]]
    assert run(*mostly) == []


def test_a_task_that_failed_then_succeeded_on_its_retry_is_not_silent() -> None:
    first_attempt = [*failures(4), line(40, "Container called exit(1).", "INFO")]
    retry = [
        line(100, "writing briefs for 4 case files", "INFO"),
        line(130, "briefs written: 4 ok, 0 failed", "INFO"),
    ]
    assert run(execution(), *first_attempt, *retry) == []
    assert len(run(execution(), *first_attempt)) == 1


def test_thousands_of_failed_items_are_read_in_one_pass() -> None:
    # A run that failed every one of its 3,000 items, each item named once: whether a
    # later line names the item again is looked up, not searched for pair by pair.
    records = [*failures(3000, every=0.01), line(40, "enriched 0/3000, 3000 failed", "INFO")]
    (hit,) = run(execution(), *records)
    assert "logged 3000 failure(s) at WARNING" in hit.summary


def test_an_item_a_later_line_reports_done_is_not_counted_among_thousands() -> None:
    records = [
        *failures(3000, every=0.01),
        line(45, "doc-0007 summarised", "INFO"),
        line(46, "summarised 1/3000, 2999 failed", "INFO"),
    ]
    failing = failing_warnings(records)
    assert len(failing) == 2999
    assert not any("doc-0007" in w.message for w in failing)
