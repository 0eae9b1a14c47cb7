"""E003 and E004 on worker output captured from real rq 1.x, 2.x and 3.x workers.

The logs under ``fixtures/rq_apps/mismatch/`` were produced by
``tools/capture_rq_worker_log.py``: a worker from one release running jobs that a
newer API release enqueued (a renamed function, a module the worker lacks), one
job failing inside its own code, and one that logs errors and reports success.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.checks.silent import import_mismatch, silent_failure
from opsdoc.evidence import Evidence, Execution, LogRecord, Ref
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource

APP = Path(__file__).parent / "fixtures" / "rq_apps" / "mismatch"
AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def evidence_from(*paths: Path) -> Evidence:
    result = ExportsSource([str(p) for p in paths]).collect(SourceContext(AS_OF, ".", 30))
    assert not result.problems
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    return ev


def run(fn, ev: Evidence):
    return list(fn.__opsdoc_check__.func(ev))


@pytest.mark.parametrize("version", ["rq1", "rq2", "rq3"])
def test_e004_names_each_function_the_worker_cannot_load(version: str) -> None:
    hits = run(import_mismatch, evidence_from(APP / f"worker-{version}.log"))
    assert sorted(h.subject for h in hits) == [
        "jobs/shop.billing.reconcile",
        "jobs/shop.tasks.refund_order",
    ]
    refund = next(h for h in hits if h.subject.endswith("refund_order"))
    assert "Invalid attribute name: refund_order" in refund.summary


@pytest.mark.parametrize("version", ["rq1", "rq2", "rq3"])
def test_e003_flags_the_job_that_logged_errors_and_reported_ok(version: str) -> None:
    hits = run(silent_failure, evidence_from(APP / f"worker-{version}.log"))
    assert [h.subject for h in hits] == ["jobs/shop.tasks.send_receipts"]
    assert "2 error(s)" in hits[0].summary


def test_a_failure_inside_the_function_is_not_an_import_mismatch() -> None:
    hits = run(import_mismatch, evidence_from(APP / "worker-rq3.log"))
    assert not any("sync_inventory" in h.subject for h in hits)


def test_healthy_worker_output_gives_neither(tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    log.write_text(
        "10:00:01 Worker w1: started with PID 12, version 3.0.0\n"
        "10:00:01 Worker w1: orders: shop.tasks.charge_order('ord-1') (0b6c2a4e-1f3d-4c5b-9a8e-7d6f5e4c3b2a)\n"
        "INFO:shop.tasks:charged ord-1\n"
        "10:00:01 Worker w1: orders: Job OK (0b6c2a4e-1f3d-4c5b-9a8e-7d6f5e4c3b2a)\n"
    )
    ev = evidence_from(log)
    assert run(silent_failure, ev) == [] and run(import_mismatch, ev) == []


def test_e003_on_a_successful_execution_with_errors_in_its_logs() -> None:
    t = lambda m: datetime(2025, 11, 4, 3, m, tzinfo=UTC)  # noqa: E731
    ev = Evidence(as_of=AS_OF)
    ev.add(
        [
            Execution(
                Ref("exports", "ex.json#0"), "nightly-x1", "nightly", t(0), t(9), "succeeded"
            ),
            LogRecord(
                Ref("exports", "logs.json#1"),
                t(3),
                "ERROR",
                "upload failed: 403 Forbidden",
                job="nightly",
                execution="nightly-x1",
            ),
            Execution(
                Ref("exports", "ex.json#1"), "nightly-x2", "nightly", t(20), t(29), "succeeded"
            ),
        ]
    )
    hits = run(silent_failure, ev)
    assert [h.subject for h in hits] == ["executions/nightly-x1"]


def test_e004_names_the_enqueue_site_and_what_the_code_lacks() -> None:
    from opsdoc.sources.code import CodeSource

    ev = evidence_from(APP / "worker-rq2.log")
    ev.add(CodeSource(str(APP)).collect(SourceContext(AS_OF, str(APP), 30)).records)
    hits = {h.subject: h for h in run(import_mismatch, ev)}
    refund = hits["jobs/shop.tasks.refund_order"]
    assert "enqueues it at enqueue.py:10" in refund.summary
    assert "shop.tasks defines no refund_order" in refund.summary
    assert refund.evidence[0].ref == "enqueue.py:10"
    # shop.billing is not in this project at all: no claim about it beyond the mismatch
    assert "worker's image" in hits["jobs/shop.billing.reconcile"].summary


def test_e004_says_the_workers_are_older_when_the_code_defines_the_function(tmp_path: Path) -> None:
    from opsdoc.sources.code import CodeSource

    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "tasks.py").write_text(
        "def refund_order(order_id):\n    return order_id\n"
    )
    (tmp_path / "api.py").write_text(
        "from rq import Queue\nfrom shop.tasks import refund_order\n\n"
        "def refund(q: Queue, order_id):\n    return q.enqueue(refund_order, order_id)\n"
    )
    ev = evidence_from(APP / "worker-rq3.log")
    ev.add(CodeSource(str(tmp_path)).collect(SourceContext(AS_OF, str(tmp_path), 30)).records)
    hits = {h.subject: h for h in run(import_mismatch, ev)}
    assert "workers run an older release" in hits["jobs/shop.tasks.refund_order"].summary
