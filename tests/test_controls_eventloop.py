"""Controls for A001, A002 and A003 (event-loop hazards): each branch of each finding.

The code facts are built in-process as the scanner records them; what the scanner
recognises is tested in tests/test_code_*.py. Here each attribute the checks read
is set on one side and the other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.eventloop import blocking_in_async, task_dropped, thread_loop_bridge
from opsdoc.evidence import CodeSite, Evidence, HttpInfo, LogRecord, Record, Ref
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


def test_a001_a_brief_fixed_pause_is_info_unless_a_handler_pays_it_per_request() -> None:
    pause = blocking(cost="pause")
    [hit] = run(blocking_in_async, pause)
    assert hit.severity is Severity.INFO
    assert "pauses the event loop once, for a fixed fraction of a second" in hit.summary
    [handled] = run(blocking_in_async, pause, HANDLER)
    assert handled.severity is not Severity.INFO
    assert run(blocking_in_async, blocking(cost="sleep"))[0].severity is Severity.WARNING


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
            explains=("E005:services/*/tasks-destroyed",),
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


@pytest.mark.parametrize(
    ("held", "said"),
    [
        ("callback", "a done callback receives the finished task, so its failure is seen"),
        ("frame:t", "local `t` holds the task while start goes on awaiting"),
    ],
)
def test_a002_a_task_whose_failure_is_seen_or_held_by_its_maker_is_info(
    held: str, said: str
) -> None:
    site = fact(
        "task-dropped", 7, "asyncio.create_task(work())", "start",
        call="asyncio.create_task", held=held,
    )  # fmt: skip
    [hit] = run(task_dropped, site)
    assert hit.severity == Severity.INFO and said in hit.summary
    assert "garbage-collected mid-flight" not in hit.summary


def test_a002_a_discarded_task_that_only_releases_a_resource_is_info() -> None:
    site = fact(
        "task-dropped", 7, "loop.create_task(session.close())", "unload",
        call="loop.create_task", held="discarded", releases="true",
    )  # fmt: skip
    [hit] = run(task_dropped, site)
    assert hit.severity == Severity.INFO
    assert "the task only releases a resource" in hit.summary


def test_a002_a_discarded_task_whose_coroutine_handles_its_errors_is_info() -> None:
    site = fact(
        "task-dropped", 7, "asyncio.create_task(self._add_reaction(m))", "on_message",
        call="asyncio.create_task", held="discarded", handled="true",
    )  # fmt: skip
    [hit] = run(task_dropped, site)
    assert hit.severity == Severity.INFO
    assert "catches and logs every exception itself" in hit.summary


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


def test_a003_asyncio_run_only_in_a_signal_handler_of_a_process_running_a_loop() -> None:
    """In a thread of its own, `asyncio.run` makes a private loop and waits on nothing the
    process's loop does; a signal handler runs on the loop's own thread, where it raises."""
    for thread in ("thread", "timer", "watchdog", "library-callback"):
        own_loop = bridge(call="asyncio.run", thread=thread, other_loop="true", loop="")
        assert run(thread_loop_bridge, own_loop) == []
    assert run(thread_loop_bridge, bridge(call="asyncio.run", thread="signal")) == []
    [hit] = run(
        thread_loop_bridge,
        bridge(call="asyncio.run", thread="signal", other_loop="true", loop=""),
    )
    assert hit.summary.startswith(
        "on_modified runs in a signal handler (interrupting the loop's thread) and calls "
        "`asyncio.run` while that thread runs the process's event loop: it raises RuntimeError"
    )
    assert (hit.severity, hit.confidence) == (Severity.WARNING, 0.6)


# -- A001 in the request logs: requests held behind a blocked loop -----------------------------

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def request(
    seconds: float,
    path: str,
    latency: float,
    method: str = "GET",
    instance: str = "",
    url: str = "",
) -> LogRecord:
    """A request log entry dated at arrival, ``seconds`` after T0."""
    return LogRecord(
        Ref("exports", f"requests.json#{path}@{round(seconds, 3)}"),
        T0 + timedelta(seconds=seconds),
        "INFO",
        f"{method} {path or url}",
        stream="requests",
        instance=instance,
        http=HttpInfo(method=method, url=url, path=path, status=200, latency_s=latency),
    )


def blocker(latency: float = 12.0, at: float = 0.0, instance: str = "") -> LogRecord:
    return request(at, "/render", latency, method="POST", instance=instance)


def held(
    end: float, latency: float, path: str = "/healthz", instance: str = "", url: str = ""
) -> LogRecord:
    """A request to another route that ended ``end`` s after T0."""
    return request(end - latency, path, latency, instance=instance, url=url)


def observed(*records: Record) -> bool:
    """Whether A001 on the /render handler quotes the request logs."""
    [hit] = run(blocking_in_async, blocking(), HANDLER, *records)
    return "the request logs show it" in hit.summary


def test_a001_requests_ending_with_a_slow_one_to_the_handler_in_full() -> None:
    slow = blocker()
    first, second = held(12.01, 11.0), held(12.02, 8.5, "/orders/7")
    fast = request(40, "/render", 0.4, method="POST")  # the handler's other requests
    assert run(blocking_in_async, blocking(), HANDLER, fast, second, slow, first) == [
        Hit(
            subject="app/api.py:20",
            summary="`time.sleep` blocks the event loop in async render, the handler of POST "
            "/render: every other request on the instance waits; the request logs show it: 2 "
            "request(s) to other routes finished together with 1 slow POST request(s) to this "
            "handler (e.g. GET /healthz waited 11 s)",
            evidence=(
                EvidenceItem("code", "app/api.py:20", "time.sleep(5)"),
                EvidenceItem("code", "app/api.py:12", "async def render():"),
                EvidenceItem(
                    "exports",
                    "requests.json#/render@0.0",
                    "2026-11-22T09:00:00Z INFO POST /render 200 12.0s",
                ),
                EvidenceItem(
                    "exports",
                    "requests.json#/healthz@1.01",
                    "2026-11-22T09:00:01Z INFO GET /healthz 200 11.0s",
                ),
                EvidenceItem(
                    "exports",
                    "requests.json#/orders/7@3.52",
                    "2026-11-22T09:00:03Z INFO GET /orders/7 200 8.5s",
                ),
            ),
            fix=A001_FIX,
            confidence=0.95,
            severity=Severity.ERROR,
            explains=("T002:*",),
        )
    ]


def test_a001_two_requests_must_end_with_it() -> None:
    assert observed(blocker(), held(12.01, 11.0), held(12.02, 8.5, "/orders/7"))
    assert not observed(blocker(), held(12.01, 11.0))
    assert not observed(held(12.01, 11.0), held(12.02, 8.5, "/orders/7"))  # no slow request


def test_a001_requests_to_the_handler_itself_do_not_count() -> None:
    same = request(1.0, "/render", 11.0, method="POST")
    assert not observed(blocker(), same, held(12.02, 8.5, "/orders/7"))
    # a GET to the route of a POST handler is not the handler's
    get = request(1.0, "/render", 11.0)
    assert observed(blocker(), get, held(12.02, 8.5, "/orders/7"))
    # a request no handler serves is another route's
    assert observed(blocker(), held(12.01, 11.0, "/nowhere"), held(12.02, 8.5, "/orders/7"))


def test_a001_a_blocker_must_take_a_second() -> None:
    # tolerance 0.25 s either way; the held requests end at 1.0 s
    pair = (held(1.0, 0.7), held(1.0, 0.6, "/orders/7"))
    assert observed(blocker(1.0), *pair)
    assert not observed(blocker(0.99), *pair)
    # the handler's fast requests stop the reading, its slow ones before them still count
    assert observed(blocker(1.0), request(5.0, "/render", 0.2, method="POST"), *pair)


def test_a001_a_held_request_must_take_half_a_second() -> None:
    assert observed(blocker(), held(12.0, 0.5), held(12.0, 11.0, "/orders/7"))
    assert not observed(blocker(), held(12.0, 0.49), held(12.0, 11.0, "/orders/7"))


@pytest.mark.parametrize(
    ("latency", "tolerance"),
    [
        (2.0, 0.25),  # at least a quarter second
        (10.0, 0.5),  # 5 % of the blocker's time
        (40.0, 1.0),  # at most a second
    ],
)
def test_a001_ends_match_within_a_tolerance(latency: float, tolerance: float) -> None:
    # half the blocker's time, so that they arrive well after it
    half = latency / 2

    def pair(gap: float) -> tuple[LogRecord, LogRecord]:
        return held(latency + gap, half), held(latency - gap, half + 0.25, "/orders/7")

    assert observed(blocker(latency), *pair(tolerance))
    assert not observed(blocker(latency), held(latency + tolerance + 0.25, half), pair(0)[1])
    assert not observed(blocker(latency), held(latency - tolerance - 0.25, half), pair(0)[1])


def test_a001_held_requests_arrive_within_the_blocker_s_time() -> None:
    # window: 12 s and the 0.6 s tolerance around the blocker's arrival; these end with it
    inside = held(12.0, 24.6)
    outside = held(12.0, 24.625)
    other = held(12.0, 3.0, "/orders/7")
    assert observed(blocker(), inside, other)
    assert not observed(blocker(), outside, other)


def test_a001_completion_dated_logs_match_by_their_timestamps() -> None:
    """Logs dated at completion: the held requests share the blocker's timestamp."""
    # within the 0.6 s tolerance, to the end
    assert observed(
        blocker(12.0, at=12.0),
        request(12.6, "/healthz", 10.0),
        request(12.02, "/orders/7", 8.5),
    )
    assert observed(
        blocker(12.0, at=12.0),
        request(12.01, "/healthz", 11.0),
        request(12.02, "/orders/7", 8.5),
    )
    assert not observed(
        blocker(12.0, at=12.0),
        request(13.0, "/healthz", 10.0),
        request(12.02, "/orders/7", 8.5),
    )


@pytest.mark.parametrize(
    ("instances", "seen"),
    [
        (("a", "a", "a"), True),
        (("a", "b", "a"), False),  # one of the two ran elsewhere
        (("", "b", "c"), True),  # the blocker's instance is not known
        (("a", "", ""), True),  # the held requests' instances are not known
    ],
)
def test_a001_held_requests_on_the_same_instance(instances: tuple[str, ...], seen: bool) -> None:
    mine, first, second = instances
    records = (
        blocker(instance=mine),
        held(12.01, 11.0, instance=first),
        held(12.02, 8.5, "/orders/7", instance=second),
    )
    assert observed(*records) is seen


def test_a001_only_the_50_slowest_requests_to_the_handler_are_read() -> None:
    def decoys(n: int) -> list[LogRecord]:
        return [blocker(20.0, at=100.0 * (i + 1)) for i in range(n)]

    stall = (blocker(), held(12.01, 11.0), held(12.02, 8.5, "/orders/7"))
    assert observed(*decoys(49), *stall)
    assert not observed(*decoys(50), *stall)


def test_a001_several_stalls_and_held_requests_are_counted_and_sampled() -> None:
    records = [
        blocker(),
        held(12.01, 3.0),
        held(12.02, 8.5, "/orders/7"),
        held(11.99, 2.0, "/orders/8"),
        blocker(at=100.0),
        held(112.0, 5.0, "", url="https://shop.example/search?q=1"),
        held(112.0, 4.0, "/orders/9"),
    ]
    [hit] = run(blocking_in_async, blocking(), HANDLER, *records)
    assert hit.summary.endswith(
        "; the request logs show it: 5 request(s) to other routes finished together with 2 slow "
        "POST request(s) to this handler (e.g. GET /orders/7 waited 8.5 s)"
    )
    assert [e.ref for e in hit.evidence[2:]] == [
        "requests.json#/render@0.0",
        "requests.json#/orders/7@3.52",
        "requests.json#/healthz@9.01",
    ]
    # the sample names the URL of a request whose path is not known
    [hit] = run(blocking_in_async, blocking(), HANDLER, *records[4:])
    assert hit.summary.endswith("(e.g. GET https://shop.example/search?q=1 waited 5 s)")


def test_a001_each_handler_is_read_once_for_all_its_sites() -> None:
    second = fact(
        "blocking-in-async",
        22,
        "requests.get(url)",
        "render",
        call="requests.get",
        alternative="x",
    )
    other = fact(
        "blocking-in-async", 50, "time.sleep(1)", "tick", call="time.sleep", alternative="x"
    )
    stall = (blocker(), held(12.01, 11.0), held(12.02, 8.5, "/orders/7"))
    hits = run(blocking_in_async, blocking(), second, other, HANDLER, *stall)
    assert [(h.subject, h.confidence, "request logs show" in h.summary) for h in hits] == [
        ("app/api.py:20", 0.95, True),
        ("app/api.py:22", 0.95, True),
        ("app/api.py:50", 0.85, False),
    ]


def test_a001_log_lines_without_a_request_are_not_requests() -> None:
    line = LogRecord(Ref("exports", "logs.json#1"), T0, "INFO", "POST /render")
    undated = LogRecord(
        Ref("exports", "logs.json#2"),
        None,
        "INFO",
        "GET /healthz",
        http=HttpInfo(method="GET", path="/healthz", latency_s=11.0),
    )
    unknown = LogRecord(
        Ref("exports", "logs.json#3"),
        T0 + timedelta(seconds=1),
        "INFO",
        "GET /orders/7",
        http=HttpInfo(method="GET", path="/orders/7"),
    )
    assert not observed(blocker(), line, undated, unknown, held(12.02, 8.5, "/orders/8"))


def test_a003_every_site_is_read() -> None:
    own_loop = bridge(call="asyncio.run", thread="thread")
    deadlock = bridge(loop="running")
    later = fact(
        "thread-loop-bridge", 44, "fut.result()", "on_created", call=RESULT, thread="timer"
    )
    hits = run(thread_loop_bridge, deadlock, own_loop, later)
    assert [(h.subject, h.confidence) for h in hits] == [
        ("app/api.py:30", 0.95),
        ("app/api.py:44", 0.85),
    ]


def test_a001_a_skipped_request_does_not_end_the_reading() -> None:
    pair = (held(12.01, 11.0, instance="a"), held(12.02, 8.5, "/orders/7", instance="a"))
    elsewhere = held(12.0, 5.0, "/x", instance="b")
    assert observed(blocker(instance="a"), elsewhere, *pair)
    early = held(12.0, 24.625, "/x", instance="a")  # arrived before the window
    assert observed(blocker(instance="a"), early, *pair)
    quick = held(12.0, 0.25, "/x", instance="a")
    assert observed(blocker(instance="a"), quick, *pair)


def test_a001_at_a_quiet_point_of_a_script_is_info_and_says_why() -> None:
    [hit] = run(blocking_in_async, blocking(in_loop="true", script="asyncio.run(main())"))
    assert hit.severity is Severity.INFO
    assert hit.confidence == 0.4
    assert hit.summary == (
        "`time.sleep` blocks the event loop in async render, but only where the script "
        '(`asyncio.run(main())` under `if __name__ == "__main__"`) runs nothing else on it: '
        "no task, gathered coroutine, server or callback is alive at that point, so nothing "
        "waits for it"
    )
    # a request handler is never a script's quiet point
    [served] = run(blocking_in_async, blocking(script="asyncio.run(main())"), HANDLER)
    assert served.severity is Severity.ERROR
