"""A004 over facts from the code fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.checks import errors
from opsdoc.evidence import Evidence
from opsdoc.findings import Hit, Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource

FIXTURES = Path(__file__).parent / "fixtures" / "code"
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def hits(name: str) -> list[Hit]:
    root = FIXTURES / name
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    return list(errors.swallowed_in_job.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def test_celery_task_swallowing_in_a_service_class() -> None:
    found = hits("A004_celery_service")
    assert [(h.subject, h.severity, h.explains) for h in found] == [
        # one customer's invoice failing inside the task's loop: skipped, info from code alone
        ("proj/services/billing.py:15", Severity.INFO, ("E003:*",)),
        ("proj/tasks.py:16", Severity.INFO, ("E003:*",)),  # a per-customer notification
    ]
    assert "task proj.tasks.monthly_invoices" in found[0].summary
    assert "the job reports success even when every item fails" in found[0].summary
    assert "bare `except:`" in found[1].summary


def test_rq_job_and_pubsub_callback() -> None:
    found = hits("A004_rq_and_pubsub")
    assert [h.subject for h in found] == ["jobs/images.py:12", "jobs/listener.py:17"]
    assert "Pub/Sub callback jobs.listener.handle" in found[1].summary


def test_a004_reraises_yields_nothing() -> None:
    assert hits("A004_reraises") == []


def test_seed_001_silent_failure_is_found() -> None:
    root = Path(__file__).parent.parent / "examples" / "seed-001-retired-model-silent-failure"
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    found = list(errors.swallowed_in_job.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]
    assert [h.subject for h in found] == ["app/services/ingestion_service.py:17"]


def test_a_consume_loop_that_reconnects_without_acking_is_supervision() -> None:
    assert hits("A004_consume_loop_supervisor") == []


def test_a_consume_loop_that_acks_after_swallowing_loses_the_job() -> None:
    found = hits("A004_consume_loop_acks_anyway")
    assert [h.subject for h in found] == ["poller.py:22"]


def test_plugin_callbacks_beside_the_jobs_own_work_are_reported_at_info() -> None:
    found = hits("A004_plugin_callbacks")
    assert [(h.subject, h.severity) for h in found] == [
        ("hooks/webhooks.py:21", Severity.INFO),
        # the job's own records in a loop: a skipped item, also info from code alone
        ("hooks/webhooks.py:35", Severity.INFO),
    ]
    assert "isolates each callback of a registry" in found[0].summary
