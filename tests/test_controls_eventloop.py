"""Controls for A001, A002 and A003 (event-loop hazards): each branch of each finding.

The code facts are built in-process as the scanner records them; what the scanner
recognises is tested in tests/test_code_*.py. Here each attribute the checks read
is set on one side and the other.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdoc.checks.eventloop import blocking_in_async, task_dropped, thread_loop_bridge
from opsdoc.evidence import CodeSite, Evidence, Record, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)


def run(check: object, *records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def fact(
    kind: str, line: int, snippet: str, function: str = "", path: str = "app/api.py", **attrs: str
) -> CodeSite:
    return CodeSite(
        Ref("code", f"{path}:{line}"),
        kind,
        path,
        line,
        snippet,
        function,
        tuple(sorted(attrs.items())),
    )


def blocking(**attrs: str) -> CodeSite:
    base = {"call": "time.sleep", "alternative": "`await asyncio.sleep(...)`"}
    base.update(attrs)
    return fact("blocking-in-async", 20, "time.sleep(5)", "render", **base)


HANDLER = fact(
    "http-handler",
    12,
    "async def render():",
    "render",
    is_async="true",
    method="POST",
    route="/render",
)
A001_FIX = Fix(
    text="Use `await asyncio.sleep(...)`; or, to keep the synchronous call, run it off the loop "
    "with `await asyncio.to_thread(...)`.",
    commands=("opsdoc runbook A001",),
)


def test_a001_in_an_async_handler_in_full() -> None:
    assert run(blocking_in_async, blocking(), HANDLER) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` blocks the event loop in async render, the handler of POST "
            "/render: every other request on the instance waits",
            evidence=(
                EvidenceItem("code", "app/api.py:20", "time.sleep(5)"),
                EvidenceItem("code", "app/api.py:12", "async def render():"),
            ),
            fix=A001_FIX,
            confidence=0.85,
            severity=Severity.ERROR,
            explains=("T002:*",),
        )
    ]


def test_a001_outside_a_handler_is_a_warning_unless_in_a_loop() -> None:
    assert run(blocking_in_async, blocking()) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` blocks the event loop in async render",
            evidence=(EvidenceItem("code", "app/api.py:20", "time.sleep(5)"),),
            fix=A001_FIX,
            confidence=0.85,
            severity=Severity.WARNING,
            explains=("T002:*",),
        )
    ]
    [hit] = run(blocking_in_async, blocking(in_loop="true"))
    assert (
        hit.summary == "`time.sleep` blocks the event loop in async render, once per loop iteration"
    )
    assert hit.severity is Severity.ERROR
    # a synchronous handler of the same name is not the coroutine's handler
    sync = fact(
        "http-handler",
        12,
        "def render():",
        "render",
        is_async="false",
        method="POST",
        route="/render",
    )
    assert run(blocking_in_async, blocking(), sync)[0].severity is Severity.WARNING
    # nor an async handler of another file
    elsewhere = fact(
        "http-handler", 12, "async def render():", "render", path="b.py", is_async="true"
    )
    assert run(blocking_in_async, blocking(), elsewhere)[0].severity is Severity.WARNING


def test_a001_through_a_helper_names_the_coroutine_and_its_handler() -> None:
    via = fact(
        "blocking-in-async",
        40,
        "subprocess.run(cmd)",
        "convert",
        call="subprocess.run",
        alternative="x",
        via="render",
    )
    [hit] = run(blocking_in_async, via, HANDLER)
    assert hit.summary.startswith(
        "`subprocess.run` blocks the event loop in async render (through convert), the handler"
    )
    anonymous = fact(
        "blocking-in-async", 40, "time.sleep(1)", "", call="time.sleep", alternative="x"
    )
    [hit] = run(blocking_in_async, anonymous)
    assert hit.summary == "`time.sleep` blocks the event loop in a coroutine"


def test_a001_small_local_file_io_is_only_info() -> None:
    [hit] = run(blocking_in_async, blocking(call="open", cost="file"), HANDLER)
    assert hit == Hit(
        subject="app/api.py:20",
        summary="`open` does local file I/O in async render: it blocks the event loop only "
        "briefly unless the files are large or on a network disk",
        evidence=(
            EvidenceItem("code", "app/api.py:20", "time.sleep(5)"),
            EvidenceItem("code", "app/api.py:12", "async def render():"),
        ),
        fix=A001_FIX,
        confidence=0.4,
        severity=Severity.INFO,
    )
    assert run(blocking_in_async, blocking(cost="network"))[0].severity is Severity.WARNING


# -- A002 ---------------------------------------------------------------------------------------

A002_FIX = Fix(
    text="Keep a strong reference until the task finishes: add it to a module-level "
    "set and `task.add_done_callback(tasks.discard)`, or use an asyncio.TaskGroup.",
    commands=("opsdoc runbook A002",),
)


def test_a002_a_discarded_task_in_full() -> None:
    dropped = fact(
        "task-dropped",
        7,
        "asyncio.create_task(work())",
        "start",
        call="asyncio.create_task",
        held="discarded",
    )
    assert run(task_dropped, dropped) == [
        Hit(
            subject="app/api.py:7",
            summary="`asyncio.create_task` in start: its result is discarded; the task can be "
            "garbage-collected mid-flight and its exceptions are lost",
            evidence=(EvidenceItem("code", "app/api.py:7", "asyncio.create_task(work())"),),
            fix=A002_FIX,
            confidence=0.75,
        )
    ]


def test_a002_a_task_kept_in_a_local_that_goes_nowhere() -> None:
    local = fact(
        "task-dropped",
        7,
        "t = asyncio.create_task(work())",
        "",
        call="asyncio.create_task",
        held="local:t",
    )
    [hit] = run(task_dropped, local)
    assert hit.summary.startswith(
        "`asyncio.create_task` in app/api.py: the task is kept only in local `t`, which goes nowhere;"
    )


# -- A003 ---------------------------------------------------------------------------------------

A003_COMMANDS = ("py-spy dump --pid PID", "opsdoc runbook A003")
BRIDGE_FIX = Fix(
    text="Do not block a foreign thread on the loop: hand the event over with "
    "`loop.call_soon_threadsafe(queue.put_nowait, item)` and consume it in a "
    "coroutine, or replace the watcher thread with polling inside the loop. If a "
    "result is needed, wait with a timeout and cancel on timeout.",
    commands=A003_COMMANDS,
)
RESULT = "run_coroutine_threadsafe().result"


def bridge(**attrs: str) -> CodeSite:
    base = {"call": RESULT, "thread": "watchdog"}
    base.update(attrs)
    return fact("thread-loop-bridge", 30, "fut.result()", "on_modified", **base)


def test_a003_a_watcher_thread_waiting_on_the_loop_in_full() -> None:
    assert run(thread_loop_bridge, bridge()) == [
        Hit(
            subject="app/api.py:30",
            summary="on_modified runs in a watchdog observer thread and waits for a coroutine on "
            "the event loop with no timeout: if the loop is busy or waits on this thread, both "
            "hang (deadlock, stale heartbeat)",
            evidence=(EvidenceItem("code", "app/api.py:30", "fut.result()"),),
            fix=BRIDGE_FIX,
            confidence=0.85,
            severity=Severity.ERROR,
            explains=("H001:*",),
        )
    ]


def test_a003_a_timeout_makes_it_a_weaker_warning() -> None:
    [hit] = run(thread_loop_bridge, bridge(timeout="true", entry="sync_wrapper", thread="caller"))
    assert hit.summary.startswith(
        "sync_wrapper runs in a synchronous wrapper meant for threads other than the loop's and "
        "waits for a coroutine on the event loop (with a timeout: a stall becomes an error, but "
        "the thread still stalls):"
    )
    assert (hit.severity, hit.confidence) == (Severity.WARNING, 0.55)
    [hit] = run(thread_loop_bridge, bridge(thread="something-new"))
    assert "runs in another thread and" in hit.summary


@pytest.mark.parametrize(
    ("attrs", "how", "ending"),
    [
        ({"loop": "running"}, "on `asyncio.get_running_loop()`", ")"),
        ({"from_loop": "true"}, "and is called from a coroutine", ")"),
        (
            {"loop": "running", "timeout": "true"},
            "on `asyncio.get_running_loop()`",
            ", or a timeout every time)",
        ),
    ],
)
def test_a003_waiting_on_the_loop_from_the_loop_is_a_certain_deadlock(
    attrs: dict[str, str], how: str, ending: str
) -> None:
    assert run(thread_loop_bridge, bridge(**attrs)) == [
        Hit(
            subject="app/api.py:30",
            summary=f"on_modified waits with `run_coroutine_threadsafe(...).result()` {how}: it "
            "runs on the event loop's own thread, which cannot run the coroutine until the wait "
            f"returns (certain deadlock{ending}",
            evidence=(EvidenceItem("code", "app/api.py:30", "fut.result()"),),
            fix=Fix(
                text="On the loop's thread, `await` the coroutine instead of submitting it "
                "and waiting; keep `run_coroutine_threadsafe` for code that runs in other "
                "threads (and give its `.result()` a timeout).",
                commands=A003_COMMANDS,
            ),
            confidence=0.95,
            severity=Severity.ERROR,
            explains=("H001:*",),
        )
    ]


def test_a003_another_call_only_when_the_process_already_runs_a_loop() -> None:
    own_loop = bridge(call="asyncio.run", thread="thread")
    assert run(thread_loop_bridge, own_loop) == []
    [hit] = run(
        thread_loop_bridge,
        bridge(call="asyncio.run", thread="thread", other_loop="true", loop="running"),
    )
    assert hit.summary.startswith(
        "on_modified runs in a background thread and runs `asyncio.run` while the process already runs an event loop:"
    )
    assert (hit.severity, hit.confidence) == (Severity.WARNING, 0.5)
