"""Every shape of "blocks forever" in a run-to-completion job, and the near misses of each."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

FIXTURES = Path(__file__).parent / "fixtures" / "code"


def waits_in(root: Path) -> list[tuple[str, str, str, str]]:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    result = CodeSource(str(root)).collect(ctx)
    assert result.problems == []
    return [
        (s.where, s.function, s.attr("mechanism"), s.attr("call"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "blocking-wait"
    ]


def waits(source: str) -> list[tuple[int, str, str]]:
    sites = scan_python(textwrap.dedent(source), "jobs/run.py")
    return [
        (s.line, s.attr("mechanism"), s.attr("call")) for s in sites if s.kind == "blocking-wait"
    ]


def test_relay_job_every_forever_shape_and_none_of_the_near_misses() -> None:
    assert waits_in(FIXTURES / "T001_pubsub_relay_job") == [
        # keep-alive after subscribe(); the daemon heartbeat thread's loop is not one
        ("relay/backfill.py:23", "run", "sleep-loop", "time.sleep"),
        # a stop flag nothing sets (the SIGTERM one is set by its handler)
        ("relay/lifecycle.py:30", "idle", "sleep-loop", "time.sleep"),
        ("relay/lifecycle.py:35", "park", "run-forever", "threading.Event().wait"),
        ("relay/lifecycle.py:39", "wait_for_drain", "run-forever", "drained.wait"),
        ("relay/lifecycle.py:55", "hold", "run-forever", "signal.pause"),
        ("relay/lifecycle.py:59", "serve_until_cancelled", "run-forever", "asyncio.Event().wait"),
        # polling a streaming pull; the budgeted variant cancels it, the executor future ends
        ("relay/main.py:30", "main", "future-poll", "pull.running"),
    ]


def test_relay_job_findings_name_the_job_and_rank_the_entry_first() -> None:
    root = FIXTURES / "T001_pubsub_relay_job"
    config = Config()
    config.select = ["T001"]
    report = diagnose(
        Options(root=root, as_of=datetime(2026, 11, 23, tzinfo=UTC), config=config, offline=True)
    )
    found = [(f.subject, f.severity.value) for f in report.findings]
    assert found[0] == ("relay/main.py:30", "error")
    assert {s for s, _ in found} == {
        "relay/main.py:30",
        "relay/backfill.py:23",
        "relay/lifecycle.py:30",
        "relay/lifecycle.py:35",
        "relay/lifecycle.py:39",
        "relay/lifecycle.py:55",
        "relay/lifecycle.py:59",
    }
    first = report.findings[0]
    assert "Cloud Run Job order-relay" in first.summary
    assert "while future.running()" in first.summary


@pytest.mark.parametrize(
    ("test", "healthy"),
    [
        ("f.running()", False),
        ("not f.done()", False),
        ("f.done()", True),  # never true while it runs: not a wait
        ("not f.running()", True),
    ],
)
def test_future_poll_tests(test: str, healthy: bool) -> None:
    found = waits(
        f"""
        import time
        from google.cloud import pubsub_v1

        def main(path):
            f = pubsub_v1.SubscriberClient().subscribe(path, callback=print)
            while {test}:
                time.sleep(1)
        """
    )
    assert found == ([] if healthy else [(7, "future-poll", f"f.{test.split('.')[-1][:-2]}")])


def test_future_poll_with_an_exit_or_a_cancel_is_healthy() -> None:
    assert (
        waits(
            """
            import time

            def main(sub, path, stop):
                f = sub.subscribe(path, callback=print)
                while f.running():
                    if stop():
                        break
                    time.sleep(1)
                g = sub.subscribe(path, callback=print)
                while g.running():
                    if stop():
                        g.cancel()
                    time.sleep(1)
            """
        )
        == []
    )


def test_sleep_loops_in_coroutines_and_with_from_imports() -> None:
    assert waits(
        """
        import asyncio
        from time import sleep

        async def keep_open(client, path):
            client.subscribe(path, callback=print)
            while True:
                await asyncio.sleep(3600)

        def keep_open_sync():
            while 1:
                sleep(60)
        """
    ) == [(7, "sleep-loop", "asyncio.sleep"), (11, "sleep-loop", "sleep")]


def test_loops_that_can_end_are_not_sleep_loops() -> None:
    assert (
        waits(
            """
            import sys
            import threading
            import time

            stop = threading.Event()

            def a():
                while True:
                    time.sleep(1)
                    if stop.is_set():
                        return

            def b(budget):
                while True:
                    time.sleep(1)
                    budget -= 1
                    if budget < 0:
                        sys.exit(0)

            def c(ev: threading.Event):
                while not ev.is_set():  # a parameter: the caller can set it
                    time.sleep(1)

            def d():
                while not stop.is_set():
                    time.sleep(1)

            def e():
                local = threading.Event()
                threading.Timer(30, local.set).start()
                while not local.is_set():
                    time.sleep(1)

            def f():
                while True:
                    time.sleep(5)
                    raise RuntimeError("gave up")

            def g():
                while True:  # nothing sleeps: busy work, not a keep-alive
                    print("x")
                    break

            stop.set()
            """
        )
        == []
    )


def test_an_event_handed_to_other_code_may_be_set_there() -> None:
    assert (
        waits(
            """
            import threading

            class Worker:
                def __init__(self):
                    self.finished = threading.Event()

                def start(self, pool):
                    pool.register(self.finished)
                    self.finished.wait()

            def run(pool):
                done = threading.Event()
                pool.submit(work, done)
                done.wait()

            def run2(pool):
                done = threading.Event()
                jobs = [done]
                pool.map(work, jobs)
                done.wait()
            """
        )
        == []
    )


def test_waits_bounded_by_wait_for_or_a_timeout_scope_are_not_forever() -> None:
    assert waits(
        """
            import asyncio

            async def a():
                ev = asyncio.Event()
                await asyncio.wait_for(ev.wait(), timeout=10)

            async def b():
                ev = asyncio.Event()
                async with asyncio.timeout(10):
                    await ev.wait()

            async def c():
                ev = asyncio.Event()
                await asyncio.wait_for(ev.wait(), None)
            """
    ) == [(15, "run-forever", "ev.wait")]


def test_evidence_is_the_deploy_step_of_the_job_that_runs_the_file() -> None:
    root = FIXTURES / "T001_workflow_two_jobs"
    config = Config()
    config.select = ["T001"]
    report = diagnose(
        Options(root=root, as_of=datetime(2026, 11, 23, tzinfo=UTC), config=config, offline=True)
    )
    by_subject = {f.subject: f for f in report.findings}
    assert set(by_subject) == {"app/ingest.py:16", "app/notify.py:8"}
    ingest = by_subject["app/ingest.py:16"]
    assert [e.ref for e in ingest.evidence] == [
        "app/ingest.py:16",
        ".github/workflows/deploy.yml:26",
    ]
    assert "shop-ingest" in ingest.summary and "shop-migrate" not in ingest.summary
    assert ingest.severity.value == "error"
    # no job runs notify.py: say so, and quote no neighbouring deploy step; with no
    # execution that ran into its timeout, such a guess is a lead (info), not an alarm
    notify = by_subject["app/notify.py:8"]
    assert [e.ref for e in notify.evidence] == ["app/notify.py:8"]
    assert "none of them runs this file directly" in notify.summary
    assert notify.severity.value == "info"
