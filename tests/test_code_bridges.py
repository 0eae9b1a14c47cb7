"""A003 recall: callbacks a library calls from its own thread, synchronous wrappers, and
waits on the running loop from its own thread."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

BRIDGE = Path(__file__).parent / "fixtures" / "code" / "A003_device_bridge"


def bridges(source: str) -> list[tuple[int, str, str]]:
    sites = scan_python(textwrap.dedent(source), "app/link.py")
    return [
        (s.line, s.attr("thread"), s.attr("loop") or s.attr("from_loop"))
        for s in sites
        if s.kind == "thread-loop-bridge"
    ]


def test_device_bridge_facts() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(BRIDGE), deadline_s=30)
    result = CodeSource(str(BRIDGE)).collect(ctx)
    assert [
        (s.where, s.attr("thread"), s.attr("timeout"), s.attr("loop"), s.attr("from_loop"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "thread-loop-bridge"
    ] == [
        # paho-style attribute assignment: client.on_message = self._on_message
        ("bridge/mqtt_link.py:30", "library-callback", "false", "", "false"),
        # subscribe_callback / addErrorListener (call_soon_threadsafe and the async
        # on("ready") callback are not bridges)
        ("bridge/sdk_link.py:14", "library-callback", "false", "", "false"),
        ("bridge/sdk_link.py:25", "library-callback", "true", "", "false"),
        # a wrapper a coroutine reaches through device_count()
        ("bridge/sync_api.py:17", "caller", "false", "", "true"),
        ("bridge/sync_api.py:24", "caller", "true", "", "false"),
        ("bridge/sync_api.py:32", "caller", "false", "running", "false"),
    ]


def test_device_bridge_findings() -> None:
    config = Config()
    config.select = ["A003"]
    report = diagnose(
        Options(root=BRIDGE, as_of=datetime(2026, 11, 23, tzinfo=UTC), config=config, offline=True)
    )
    found = {f.subject: (f.severity.value, f.confidence) for f in report.findings}
    assert found == {
        "bridge/sync_api.py:17": ("error", 0.95),
        "bridge/sync_api.py:32": ("error", 0.95),
        "bridge/mqtt_link.py:30": ("error", 0.85),
        "bridge/sdk_link.py:14": ("error", 0.85),
        "bridge/sdk_link.py:25": ("warning", 0.55),
        "bridge/sync_api.py:24": ("warning", 0.55),
    }
    certain = next(f for f in report.findings if f.subject == "bridge/sync_api.py:32")
    assert "certain deadlock" in certain.summary
    assert "get_running_loop" in certain.summary


def test_running_loop_inside_a_coroutine_helper_and_a_captured_loop() -> None:
    assert bridges(
        """
        import asyncio

        def helper(coro):
            loop = asyncio.get_running_loop()
            fut = asyncio.run_coroutine_threadsafe(coro, loop=loop)
            return fut.result(timeout=5)

        class Bridge:
            def __init__(self, loop):
                self.loop = loop

            def call(self, coro):
                return asyncio.run_coroutine_threadsafe(coro, self.loop).result()
        """
    ) == [(7, "caller", "running"), (14, "caller", "false")]


def test_loop_thread_registrations_and_unwaited_submissions_are_not_bridges() -> None:
    assert (
        bridges(
            """
            import asyncio
            import signal

            def on_term():
                asyncio.run_coroutine_threadsafe(stop(), LOOP)

            def on_done(fut):
                print(fut.result())

            async def stop():
                pass

            async def main(task):
                loop = asyncio.get_running_loop()
                loop.add_signal_handler(signal.SIGTERM, on_term)
                task.add_done_callback(on_done)
            """
        )
        == []
    )


def test_wrapper_that_refuses_the_loop_thread_is_not_a_bridge_risk() -> None:
    """Shape of Textual's ``App.call_from_thread`` (textual 8.2.8, app.py): it raises when
    called on the app's own thread, so waiting on the loop is its contract with callers on
    other threads. The same wrapper without the guard is still reported."""
    guarded = """
        import asyncio
        import threading

        class App:
            def call_from_thread(self, callback):
                if self._loop is None:
                    raise RuntimeError("App is not running")
                if self._thread_id == threading.get_ident():
                    raise RuntimeError("must run in a different thread from the app")

                async def run_callback():
                    return callback()

                future = asyncio.run_coroutine_threadsafe(run_callback(), loop=self._loop)
                return future.result()
        """
    assert bridges(guarded) == []
    unguarded = guarded.replace("if self._thread_id == threading.get_ident():", "if False:")
    assert [(line, thread) for line, thread, _ in bridges(unguarded)] == [(16, "caller")]


def test_bounded_wait_on_a_private_loop_thread_is_not_a_bridge_risk() -> None:
    """Shape of redis-py's ``BackgroundScheduler.run_coro_sync`` (redis 8.1.0, background.py):
    the module runs its own loop forever on a daemon thread and waits on it from callers'
    threads. Only the module's coroutines run on that loop, and it is no caller's loop, so
    even an unbounded wait deadlocks nothing (strands' MCP client waits on its session
    loop the same way). On a loop it does not own, it is reported."""
    private = """
        import asyncio
        import threading

        def _start_loop_in_thread(loop):
            asyncio.set_event_loop(loop)
            loop.run_forever()

        class BackgroundScheduler:
            def _ensure_loop(self):
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=_start_loop_in_thread, args=(self._loop,), daemon=True).start()

            def run_coro_sync(self, coro, timeout=5.0):
                self._ensure_loop()
                future = asyncio.run_coroutine_threadsafe(coro, self._loop)
                return future.result(timeout=timeout)
        """
    assert bridges(private) == []
    unbounded = private.replace("future.result(timeout=timeout)", "future.result()")
    assert bridges(unbounded) == []
    # run by run_until_complete of a long coroutine on its thread, waited on from a coroutine
    session = unbounded.replace("loop.run_forever()", "loop.run_until_complete(serve())")
    session += "\n        async def fetch(s):\n            return s.run_coro_sync(None)\n"
    assert bridges(textwrap.dedent(session)) == []
    not_owned = unbounded.replace("asyncio.new_event_loop()", "server.loop")
    assert [(line, thread) for line, thread, _ in bridges(not_owned)] == [(17, "caller")]
    not_owned = private.replace("asyncio.new_event_loop()", "server.loop")
    assert [(line, thread) for line, thread, _ in bridges(not_owned)] == [(17, "caller")]


def test_only_a_pubsub_subscriber_client_makes_subscribe_a_message_callback() -> None:
    """An in-process event bus also names its registration ``subscribe(id, callback, ...)``
    (OpenHands' ``EventStream.subscribe``): its callback is an observer, not a Pub/Sub
    message callback. The same callback handed to ``SubscriberClient.subscribe`` is."""
    bus = """
        import asyncio

        from app.events import EventStream, Subscriber

        class Controller:
            def __init__(self, event_stream: EventStream):
                self.event_stream = event_stream
                self.loop = asyncio.get_running_loop()
                self.event_stream.subscribe(Subscriber.CONTROLLER, self.on_event, "ctl")

            def on_event(self, event):
                asyncio.run(self.handle(event))

            async def handle(self, event):
                await asyncio.sleep(0)
        """
    assert bridges(bus) == []
    untyped = bus.replace("event_stream: EventStream", "event_stream")
    assert bridges(untyped) == []
    client = bus.replace(
        "from app.events import EventStream, Subscriber",
        "from google.cloud import pubsub_v1\n        from app.events import Subscriber",
    ).replace(
        "self.event_stream = event_stream", "self.event_stream = pubsub_v1.SubscriberClient()"
    )
    assert [(line, thread) for line, thread, _ in bridges(client)] == [(14, "pubsub-callback")]
    # a client handed in by the caller, typed as the subscriber client
    typed = bus.replace(
        "from app.events import EventStream, Subscriber",
        "from google.cloud.pubsub_v1 import SubscriberClient\n        from app.events import Subscriber",
    ).replace("event_stream: EventStream", "event_stream: SubscriberClient")
    assert [(line, thread) for line, thread, _ in bridges(typed)] == [(14, "pubsub-callback")]


def test_run_until_complete_on_the_threads_own_loop_is_not_a_bridge() -> None:
    """Each subscriber runs on ``ThreadPoolExecutor(max_workers=1, initializer=...)`` whose
    initializer sets a fresh loop for that worker thread: ``asyncio.get_event_loop()`` in
    the callback answers that thread's own loop (or raises where none is set), never the
    server's. A loop captured on the main thread and run from the thread is reported."""
    own = """
        import asyncio
        import threading

        class Memory:
            def __init__(self):
                self.loop = asyncio.get_event_loop()
                threading.Thread(target=self.on_event, args=(None,)).start()

            def on_event(self, event):
                asyncio.get_event_loop().run_until_complete(self._on_event(event))

            def on_close(self, event):
                loop = asyncio.get_event_loop()
                loop.run_until_complete(self._on_event(event))

            async def _on_event(self, event):
                await asyncio.sleep(0)
        """
    assert bridges(own) == []
    assert bridges(own.replace("target=self.on_event", "target=self.on_close")) == []
    captured = own.replace(
        "asyncio.get_event_loop().run_until_complete(", "self.loop.run_until_complete("
    )
    assert [(line, thread) for line, thread, _ in bridges(captured)] == [(11, "thread")]


def test_a_bounded_wait_the_caller_awaits_on_an_executor_is_not_a_bridge_risk() -> None:
    """Shape of OpenHands' ``run_in_loop`` (openhands/utils/async_utils.py): when the
    target loop is another one, the coroutine is handed to it from an executor thread that
    the caller awaits, and the wait is bounded. Called directly, or unbounded, it is
    still reported."""
    handed = """
        import asyncio

        async def call_sync_from_async(fn, *args, **kwargs):
            loop = asyncio.get_event_loop()
            return await loop.run_in_executor(None, lambda: fn(*args, **kwargs))

        async def run_in_loop(coro, loop, timeout=15):
            if asyncio.get_running_loop() == loop:
                return await coro
            return await call_sync_from_async(_run_in_loop, coro, loop, timeout)

        def _run_in_loop(coro, loop, timeout):
            future = asyncio.run_coroutine_threadsafe(coro, loop)
            return future.result(timeout=timeout)
        """
    assert bridges(handed) == []
    to_thread = handed.replace(
        "await call_sync_from_async(_run_in_loop,", "await asyncio.to_thread(_run_in_loop,"
    )
    assert bridges(to_thread) == []
    unbounded = handed.replace("future.result(timeout=timeout)", "future.result()")
    assert [(line, thread) for line, thread, _ in bridges(unbounded)] == [(15, "caller")]
    direct = (
        handed
        + "\n        def refresh(coro, loop):\n            return _run_in_loop(coro, loop, 5)\n"
    )
    assert [(line, thread) for line, thread, _ in bridges(direct)] == [(15, "caller")]


def test_running_loop_looked_up_inside_a_new_thread_is_no_loop_thread_wait() -> None:
    """Shape of a ``run_sync`` helper: the nested target of a new ``threading.Thread`` asks
    ``asyncio.get_running_loop()``, which raises there (the thread has no loop) and falls
    back to ``asyncio.run``. Nothing runs on the loop's own thread; a bounded wait on a loop
    the caller may hand in is no deadlock. Unbounded, it is the ordinary thread-to-loop wait."""
    helper = """
        import asyncio
        import threading

        def call_blocking(coro, loop=None, timeout=None):
            box = {}

            def worker():
                nonlocal loop
                try:
                    try:
                        if loop is None:
                            loop = asyncio.get_running_loop()
                        box["value"] = asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)
                    except RuntimeError:
                        box["value"] = asyncio.run(coro)
                except Exception as exc:
                    box["error"] = exc

            t = threading.Thread(target=worker, daemon=True)
            t.start()
            t.join(timeout)
            return box.get("value")
        """
    fallback = (16, "thread", "false")  # `asyncio.run` in a thread of its own: never reported
    assert bridges(helper) == [fallback]
    unbounded = helper.replace(".result(timeout)", ".result()")
    assert bridges(unbounded) == [(14, "thread", "false"), fallback]


def test_a_loop_handed_to_its_own_thread_as_a_target_is_private() -> None:
    """Shape of an agent toolkit's sync call of an async tool: a module-global loop made
    with ``asyncio.new_event_loop()`` and run by ``Thread(target=LOOP.run_forever)`` (the
    bound method handed over, never called here). Only the module's submissions run on it,
    and a caller is never its thread, so waiting on it deadlocks no caller's loop."""
    tool = """
        import asyncio, threading
        from concurrent.futures import ThreadPoolExecutor

        _LOOP = None
        _LOCK = threading.Lock()
        _POOL = ThreadPoolExecutor(max_workers=1)

        class Tool:
            def __call__(self, *args):
                result = self.func(*args)
                if asyncio.iscoroutine(result):
                    return _POOL.submit(self._in_loop, result).result()
                return result

            @staticmethod
            def _in_loop(coro):
                global _LOOP
                with _LOCK:
                    if _LOOP is None or not _LOOP.is_running():
                        _LOOP = asyncio.new_event_loop()
                        threading.Thread(target=_LOOP.run_forever, daemon=True).start()
                return asyncio.run_coroutine_threadsafe(coro, _LOOP).result()
        """
    assert bridges(tool) == []
    foreign = tool.replace("asyncio.new_event_loop()", "app.loop")
    assert [(line, thread) for line, thread, _ in bridges(foreign)] == [(23, "caller")]


def test_a_loop_captured_by_a_coroutine_is_the_callers_only_where_the_coroutine_calls() -> None:
    """gptme's ACP agent captures the loop, then streams tokens from a turn it runs in an
    executor: the nested flush runs on the executor thread and waits on the free loop.
    Called from the coroutine itself, the same flush would wait on its own thread."""
    source = """
        import asyncio

        async def prompt(conn, llm):
            loop = asyncio.get_running_loop()
            buffer = []

            def flush():
                fut = asyncio.run_coroutine_threadsafe(conn.send("".join(buffer)), loop)
                fut.result(timeout=0.1)
                buffer.clear()

            def on_token(token):
                buffer.append(token)
                if len(buffer) > 20:
                    flush()

            def turn():
                return llm.stream(on_token=on_token)

            await loop.run_in_executor(None, turn)
            DIRECT
        """
    # called back from the executor thread, bounded: the intended pattern, no risk
    assert bridges(source.replace("DIRECT", "pass")) == []
    unbounded = source.replace("DIRECT", "pass").replace("timeout=0.1", "")
    assert [loop for _, _, loop in bridges(unbounded)] != ["running"]
    assert [loop for _, _, loop in bridges(source.replace("DIRECT", "flush()"))] == ["running"]
    through = source.replace("DIRECT", "on_token('x')")
    assert [loop for _, _, loop in bridges(through)] == ["running"]


def test_a_bounded_wait_in_a_callback_a_factory_hands_out_is_the_intended_hand_off() -> None:
    source = """
        import asyncio

        class Agent:
            def make_confirm(self, loop):
                def confirm(msg):
                    fut = asyncio.run_coroutine_threadsafe(self.ask(msg), loop)
                    return fut.result(timeout=60)
                CALL
                return confirm
        """
    assert bridges(source.replace("CALL", "")) == []
    # called by the factory itself: on the factory's caller's thread, whatever that is
    assert len(bridges(source.replace("CALL", "confirm('ready?')"))) == 1


def test_a_pubsub_streaming_pull_is_a_consumer_fact_and_an_event_bus_is_not() -> None:
    from opsdoc.sources.code import scan_python

    source = textwrap.dedent(
        """
        from google.cloud import pubsub_v1

        class Bus:
            def subscribe(self, topic, callback):
                pass

        def main(handler):
            subscriber = pubsub_v1.SubscriberClient()
            future = subscriber.subscribe("projects/p/subscriptions/s", callback=handler)
            Bus().subscribe("orders", handler)
            future.result()
        """
    )
    sites = [s for s in scan_python(source, "app/main.py") if s.kind == "pubsub-consumer"]
    assert [(s.line, s.function, s.attr("mode")) for s in sites] == [(10, "main", "streaming")]


def test_a_timeout_parameter_that_defaults_to_none_is_no_timeout() -> None:
    """``def call(self, coro, timeout=None): return future.result(timeout)``: the wait is
    bounded only when a caller passes a timeout, and ``classify_blocking`` does not."""
    source = """
        import asyncio

        class LoopBridge:
            def __init__(self, loop):
                self._loop = loop

            def call(self, coro, timeout={default}):
                future = asyncio.run_coroutine_threadsafe(coro, self._loop)
                return future.result(timeout)
        """
    unbounded = scan_python(textwrap.dedent(source.format(default="None")), "app/bridge.py")
    sites = [(s.line, s.attr("timeout")) for s in unbounded if s.kind == "thread-loop-bridge"]
    assert sites == [(10, "false")]
    bounded = scan_python(textwrap.dedent(source.format(default="30.0")), "app/bridge.py")
    assert [s.attr("timeout") for s in bounded if s.kind == "thread-loop-bridge"] == ["true"]
