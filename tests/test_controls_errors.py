"""Controls for A004 (exception swallowed in job code): each branch of the finding.

The code facts are built in-process as the scanner records them; whether code
swallows an exception is the scanner's call (tests/test_code_swallow.py), what
the check says about it is tested here, whole.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdoc.checks.errors import swallowed_in_job
from opsdoc.evidence import CodeSite, Evidence, Record, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
FIX = Fix(
    text="Re-raise after logging (`logger.exception(...); raise`), catch only the "
    "exceptions that are truly expected, or return a failure result the job turns "
    "into an exception, so the queue records the job as failed and retries it.",
    commands=("rq info --url REDIS_URL", "opsdoc runbook A004"),
)


def run(*records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(swallowed_in_job.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def swallowed(
    mechanism: str,
    exception: str = "Exception",
    in_loop: str = "false",
    kind: str = "swallowed-exception",
) -> CodeSite:
    return CodeSite(
        ref=Ref("code", "jobs/summary.py:12"),
        kind=kind,
        path="jobs/summary.py",
        line=12,
        snippet="except Exception as e:",
        function="summarise",
        attrs=tuple(
            sorted(
                {
                    "mechanism": mechanism,
                    "entry": "jobs.run",
                    "exception": exception,
                    "handler_logs": "logger.error",
                    "in_loop": in_loop,
                }.items()
            )
        ),
    )


def expected(
    kind: str, caught: str = "`except Exception`", loop: str = "", body: bool = False
) -> Hit:
    return Hit(
        subject="jobs/summary.py:12",
        summary=f"{caught} in summarise logs (`logger.error`) and carries on; it runs in "
        f"{kind} jobs.run, so the job reports success when this fails{loop}",
        evidence=(EvidenceItem("code", "jobs/summary.py:12", "except Exception as e:"),),
        fix=FIX,
        confidence=0.5 if body else 0.8,
        severity=Severity.WARNING if body else Severity.ERROR,
        explains=("E003:*",),
    )


@pytest.mark.parametrize(
    ("mechanism", "kind"),
    [
        ("enqueue", "enqueued job"),
        ("delay", "task dispatched with .delay/.apply_async"),
        ("task-decorator", "task"),
        ("pubsub-callback", "Pub/Sub callback"),
        ("something-new", "job"),
    ],
)
def test_a004_names_how_the_code_runs_as_a_job(mechanism: str, kind: str) -> None:
    assert run(swallowed(mechanism)) == [expected(kind)]


def test_a004_a_bare_except_is_named_so() -> None:
    assert run(swallowed("enqueue", exception="bare")) == [
        expected("enqueued job", caught="bare `except:`")
    ]
    assert run(swallowed("enqueue", exception="ValueError")) == [
        expected("enqueued job", caught="`except ValueError`")
    ]


def test_a004_inside_a_loop_a_skipped_item_is_info_from_code_alone() -> None:
    """Logging one item's failure and going on with the others is a design many jobs
    choose (the next run retries it): a risk to note. Logs that show the items failing
    make E003, which this explains and which ranks it first."""
    assert run(swallowed("enqueue", in_loop="true")) == [
        Hit(
            subject="jobs/summary.py:12",
            summary="`except Exception` in summarise logs (`logger.error`) and carries on, in "
            "enqueued job jobs.run: a failing item is logged and skipped, and the job goes on "
            "with the others: the job reports success even when every item fails",
            evidence=(EvidenceItem("code", "jobs/summary.py:12", "except Exception as e:"),),
            fix=Fix(
                text="If skipping a failing item is intended, nothing to change; to see "
                "failures, count them and fail the job (or record a status) when all or most "
                "items failed.",
                commands=("opsdoc runbook A004",),
            ),
            confidence=0.4,
            severity=Severity.INFO,
            explains=("E003:*",),
        )
    ]
    assert run(swallowed("enqueue", in_loop="false")) == [expected("enqueued job")]
    # a batch entry's loop stays an error: def-use showed the failure never reaches the exit
    [batch] = run(swallowed("batch-entry", in_loop="true"))
    assert batch.severity is Severity.ERROR


def test_a004_a_consume_loop_body_is_a_warning_at_lower_confidence() -> None:
    # a loop that logs and goes on to the next message may rely on redelivery
    assert run(swallowed("worker-loop")) == [expected("worker loop", body=True)]


def test_a004_other_code_facts_are_not_read() -> None:
    assert run(swallowed("enqueue", kind="blocking-wait")) == []


def test_a004_per_item_isolation_is_info_and_still_explains_e003() -> None:
    site = swallowed("task-decorator", in_loop="true")
    isolated = CodeSite(
        site.ref,
        site.kind,
        site.path,
        site.line,
        site.snippet,
        site.function,
        tuple(sorted((*site.attrs, ("isolation", "per-item")))),
    )
    assert run(isolated) == [
        Hit(
            subject="jobs/summary.py:12",
            summary="`except Exception` in summarise logs (`logger.error`) and carries on, in "
            "task jobs.run: per-item isolation, a failing item is logged and skipped; the loop "
            "is the last work of the job, after its own work is done, and the other items "
            "still get theirs",
            evidence=(EvidenceItem("code", "jobs/summary.py:12", "except Exception as e:"),),
            fix=Fix(
                text="Nothing to change if a failing item may be skipped. To see failures, "
                "count them and fail the job (or record a status) when every item failed.",
                commands=("opsdoc runbook A004",),
            ),
            confidence=0.4,
            severity=Severity.INFO,
            explains=("E003:*",),
        )
    ]
    # without the attribute the same site is still a skipped item, at info (from code alone)
    [plain] = run(site)
    assert plain.severity is Severity.INFO
    assert "the job reports success even when every item fails" in plain.summary
    # and outside a loop the whole job's work is swallowed: the error it always was
    [whole] = run(swallowed("task-decorator", in_loop="false"))
    assert whole.severity is Severity.ERROR
