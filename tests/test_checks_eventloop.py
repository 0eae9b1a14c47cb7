"""A001-A003 over facts from the code fixtures: exact codes, subjects and severities."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from opsdoc.checks import eventloop
from opsdoc.evidence import Evidence, Record
from opsdoc.findings import Hit, Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource

FIXTURES = Path(__file__).parent / "fixtures" / "code"
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def evidence(name: str, *extra: Record) -> Evidence:
    root = FIXTURES / name
    result = CodeSource(str(root)).collect(
        SourceContext(as_of=AS_OF, root=str(root), deadline_s=30)
    )
    ev = Evidence(as_of=AS_OF)
    ev.add(result.records)
    ev.add(extra)
    return ev


def run(check: object, ev: Evidence) -> list[Hit]:
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def test_a001_blocking_calls_with_alternatives() -> None:
    hits = run(eventloop.blocking_in_async, evidence("A001_aiohttp_blocking"))
    assert [(h.subject, h.severity) for h in hits] == [
        ("svc/server.py:13", Severity.WARNING),
        ("svc/server.py:18", Severity.WARNING),
        ("svc/server.py:19", Severity.WARNING),
    ]
    assert "through fetch_manifest" in hits[0].summary
    assert "asyncio.sleep" in hits[1].fix.text


def test_a001_in_an_async_http_handler_is_an_error() -> None:
    hits = run(eventloop.blocking_in_async, evidence("A001_sync_sdk_clients"))
    by_subject = {h.subject: h for h in hits}
    assert sorted(by_subject) == [
        "api/main.py:20",
        "api/main.py:27",
        "api/main.py:29",
        "api/main.py:35",
    ]
    handler_hit = by_subject["api/main.py:29"]
    assert handler_hit.severity == Severity.ERROR
    assert "POST /summaries" in handler_hit.summary
    assert "openai.AsyncOpenAI" in handler_hit.fix.text
    assert by_subject["api/main.py:20"].severity == Severity.ERROR  # in a comprehension loop


def test_a001_to_thread_yields_nothing() -> None:
    assert run(eventloop.blocking_in_async, evidence("A001_to_thread")) == []


def test_a002_dropped_tasks() -> None:
    hits = run(eventloop.task_dropped, evidence("A002_fire_and_forget"))
    assert [h.subject for h in hits] == ["web/routes.py:22", "web/routes.py:28"]
    assert "discarded" in hits[0].summary
    assert "a done callback receives the finished task" in hits[1].summary
    assert [h.severity for h in hits] == [None, Severity.INFO]  # None: the check's warning
    hits = run(eventloop.task_dropped, evidence("A002_loop_create_task"))
    assert [h.subject for h in hits] == [
        "consumer/amqp.py:20",
        "consumer/amqp.py:24",
        "consumer/amqp.py:28",
    ]


def test_a002_task_kept_in_set_yields_nothing() -> None:
    assert run(eventloop.task_dropped, evidence("A002_task_kept_in_set")) == []


def test_a003_bridges_explain_stale_heartbeats() -> None:
    hits = run(eventloop.thread_loop_bridge, evidence("A003_thread_target_result"))
    assert [(h.subject, h.severity, h.explains) for h in hits] == [
        ("bot/bridge.py:18", Severity.ERROR, ("H001:*",)),
        ("bot/bridge.py:31", Severity.WARNING, ("H001:*",)),
    ]
    assert hits[0].summary.startswith("Bridge._pump runs in a background thread and waits")
    assert "with no timeout" in hits[0].summary


def test_a003_timeout_lowers_severity_and_confidence() -> None:
    hits = run(eventloop.thread_loop_bridge, evidence("A003_signal_and_callback"))
    # on_message's `asyncio.run` gives the callback thread a loop of its own each time:
    # wasteful, but nothing there waits on the process's loop
    assert [(h.subject, h.severity, h.confidence) for h in hits] == [
        ("worker/listener.py:21", Severity.WARNING, 0.55),
    ]
    assert "on_sigterm runs in a signal handler" in hits[0].summary


def test_a003_call_soon_threadsafe_yields_nothing() -> None:
    assert run(eventloop.thread_loop_bridge, evidence("A003_call_soon_threadsafe")) == []


def test_a001_in_a_one_shot_script_is_info_only_where_nothing_else_runs() -> None:
    hits = run(eventloop.blocking_in_async, evidence("A001_oneshot_scripts"))
    assert [(h.subject, h.severity) for h in hits] == [
        # a task group's tasks are alive inside it, not once it has ended; a pending
        # call_later callback is work the loop still runs
        ("evals/batches.py:17", Severity.ERROR),
        ("evals/batches.py:19", Severity.INFO),
        ("evals/batches.py:21", Severity.WARNING),
        # gathered, or with tasks alive
        ("evals/crawl.py:11", Severity.WARNING),
        ("evals/crawl.py:16", Severity.WARNING),
        # a stream's async for, an endless loop
        ("evals/listen.py:12", Severity.ERROR),
        ("evals/listen.py:18", Severity.ERROR),
        # before the gather (in a coroutine awaited on the spot, through its helper), after it
        ("evals/run_eval.py:16", Severity.INFO),
        ("evals/run_eval.py:27", Severity.INFO),
        ("evals/run_eval.py:36", Severity.INFO),
        ("evals/run_eval.py:39", Severity.INFO),
        # no __main__ guard; an entry also scheduled as a task
        ("service/scheduled.py:8", Severity.WARNING),
        ("service/worker.py:7", Severity.WARNING),
    ]
    after = next(h for h in hits if h.subject == "evals/run_eval.py:36")
    assert '`asyncio.run(main())` under `if __name__ == "__main__"`' in after.summary
    assert "nothing waits for it" in after.summary
