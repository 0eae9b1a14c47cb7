"""Facts for the event-loop, swallowed-exception and logging checks: exact sites, near misses."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

FIXTURES = Path(__file__).parent / "fixtures" / "code"


def facts(name: str, kind: str) -> list[CodeSite]:
    root = FIXTURES / name
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    result = CodeSource(str(root)).collect(ctx)
    assert result.problems == []
    return [r for r in result.records if isinstance(r, CodeSite) and r.kind == kind]


def brief(sites: list[CodeSite], *keys: str) -> list[tuple[str, ...]]:
    return [(s.where, s.function, *(s.attr(k) for k in keys)) for s in sites]


def scan(source: str, kind: str) -> list[CodeSite]:
    return [s for s in scan_python(textwrap.dedent(source), "pkg/mod.py") if s.kind == kind]


# -- A001 blocking-in-async --------------------------------------------------------------------


def test_blocking_calls_in_an_aiohttp_handler_and_its_sync_helper() -> None:
    sites = facts("A001_aiohttp_blocking", "blocking-in-async")
    assert brief(sites, "call", "via") == [
        ("svc/server.py:13", "fetch_manifest", "session.get", "thumbnail"),
        ("svc/server.py:18", "thumbnail", "time.sleep", ""),
        ("svc/server.py:19", "thumbnail", "subprocess.run", ""),
    ]
    assert sites[1].attr("alternative") == "await asyncio.sleep(...)"


def test_sync_sdk_clients_queues_and_file_reads_in_loops() -> None:
    sites = facts("A001_sync_sdk_clients", "blocking-in-async")
    assert brief(sites, "call", "alternative", "in_loop") == [
        (
            "api/main.py:20",
            "Archive.names",
            "self.gcs.list_blobs",
            "the library's async client where it has one, or await asyncio.to_thread(...)",
            "true",
        ),
        (
            "api/main.py:27",
            "summarise",
            "open",
            "aiofiles, or read the files in await asyncio.to_thread(...)",
            "true",
        ),
        (
            "api/main.py:29",
            "summarise",
            "llm.chat.completions.create",
            "openai.AsyncOpenAI",
            "false",
        ),
        (
            "api/main.py:35",
            "next_result",
            "results.get",
            "asyncio.Queue and await queue.get()",
            "false",
        ),
    ]


def test_A001_queue_get_after_a_not_empty_check_does_not_wait() -> None:
    """Shape of letta's ``QueuingInterface.message_generator`` (letta/server/rest_api/
    interface.py, commit 612a2ae9): it drains a ``queue.Queue`` only when it holds an item,
    so ``get()`` returns at once. An unchecked get, or one checked on another queue, waits."""
    src = """
        import asyncio
        import queue

        class QueuingInterface:
            def __init__(self):
                self.buffer = queue.Queue()
                self.other = queue.Queue()

            async def message_generator(self):
                while True:
                    if not self.buffer.empty():
                        message = self.buffer.get()
                        yield message
                    else:
                        await asyncio.sleep(0.1)

            async def drain(self):
                while self.buffer.qsize() > 0:
                    yield self.buffer.get()

            async def wrong_queue(self):
                if not self.other.empty():
                    return self.buffer.get()

            async def unchecked(self):
                return self.buffer.get()
        """
    assert [(s.line, s.function) for s in scan(src, "blocking-in-async")] == [
        (24, "QueuingInterface.wrong_queue"),
        (27, "QueuingInterface.unchecked"),
    ]


def test_A001_to_thread_executors_lambdas_and_nested_defs_are_not_blocking() -> None:
    assert facts("A001_to_thread", "blocking-in-async") == []


def test_anthropic_client_through_self_attribute() -> None:
    src = """
    import anthropic

    class Agent:
        def __init__(self):
            self.client = anthropic.Anthropic()

        async def run(self, prompt):
            return self.client.messages.create(model="m", max_tokens=10, messages=[])

        async def run_async(self, prompt):
            return await self.aclient.messages.create(model="m", max_tokens=10, messages=[])
    """
    (site,) = scan(src, "blocking-in-async")
    assert (site.line, site.attr("call"), site.attr("alternative")) == (
        9,
        "self.client.messages.create",
        "anthropic.AsyncAnthropic",
    )


@pytest.mark.parametrize(
    "call",
    ["fut.result(timeout=5)", "thread.join(1)", "done.wait(timeout=2)", "q.get(True, 3)"],
)
def test_waits_with_a_timeout_are_not_blocking_facts(call: str) -> None:
    src = f"""
    import queue
    import threading

    async def run(pool):
        fut = pool.submit(print)
        thread = threading.Thread(target=print)
        done = threading.Event()
        q = queue.Queue()
        {call}
    """
    assert scan(src, "blocking-in-async") == []


def test_waits_without_a_timeout_on_threads_and_executor_futures() -> None:
    src = """
    import threading

    async def run(pool):
        fut = pool.submit(print)
        thread = threading.Thread(target=print)
        fut.result()
        thread.join()
        ",".join(["a"])
    """
    assert [(s.line, s.attr("call")) for s in scan(src, "blocking-in-async")] == [
        (7, "fut.result"),
        (8, "thread.join"),
    ]


# -- A002 task-dropped -------------------------------------------------------------------------


def test_fire_and_forget_tasks_in_a_quart_app() -> None:
    sites = facts("A002_fire_and_forget", "task-dropped")
    assert brief(sites, "call", "held") == [
        ("web/routes.py:22", "export", "asyncio.create_task", "discarded"),
        # the done callback reports the outcome: only the lasting reference is missing
        ("web/routes.py:28", "rebuild", "asyncio.ensure_future", "callback"),
    ]


def test_loop_create_task_and_done_callbacks_do_not_keep_tasks() -> None:
    sites = facts("A002_loop_create_task", "task-dropped")
    assert brief(sites, "call", "held") == [
        ("consumer/amqp.py:20", "Consumer.on_delivery", "self.loop.create_task", "discarded"),
        ("consumer/amqp.py:24", "Consumer.on_batch", "asyncio.create_task", "discarded"),
        ("consumer/amqp.py:28", "Consumer.on_priority", "loop.create_task", "local:urgent"),
    ]
    work = facts("A002_loop_create_task", "background-work")
    assert [(s.line, s.attr("kept")) for s in work] == [(20, "false"), (24, "false"), (28, "false")]


def test_A002_task_kept_in_set_and_every_other_keeping_pattern() -> None:
    assert facts("A002_task_kept_in_set", "task-dropped") == []


def test_A002_task_held_by_a_closure_that_awaits_it() -> None:
    """Shape of khoj's ``event_generator`` (src/khoj/routers/api_chat.py, commit ae229ca8):
    the monitor task sits in a local that a nested coroutine cancels and awaits, so the
    task is held for as long as the request runs. A closure that only cancels it, or a
    nested function with its own variable of that name, keeps nothing."""
    src = """
        import asyncio

        async def event_generator(request):
            monitor = None

            async def watch():
                while not await request.is_disconnected():
                    await asyncio.sleep(1)

            async def cancel_monitor():
                if monitor and not monitor.done():
                    monitor.cancel()
                    try:
                        await monitor
                    except asyncio.CancelledError:
                        pass

            monitor = asyncio.create_task(watch())
            yield "data"
            await cancel_monitor()

        async def only_cancelled(request):
            probe = asyncio.create_task(request.ping())

            def stop():
                probe.cancel()

            return stop

        async def shadowed(request):
            task = asyncio.create_task(request.ping())

            async def other():
                task = None
                return task

            await other()
        """
    assert [(s.line, s.attr("held")) for s in scan(src, "task-dropped")] == [
        (24, "local:probe"),
        (32, "local:task"),
    ]


# -- A003 thread-loop-bridge -------------------------------------------------------------------


def test_thread_target_and_thread_subclass_blocking_on_the_loop() -> None:
    sites = facts("A003_thread_target_result", "thread-loop-bridge")
    assert brief(sites, "call", "timeout", "thread", "entry") == [
        (
            "bot/bridge.py:18",
            "Bridge._forward",
            "run_coroutine_threadsafe().result",
            "false",
            "thread",
            "Bridge._pump",
        ),
        ("bot/bridge.py:31", "Poller.run", "run_until_complete", "", "thread", "Poller.run"),
    ]


def test_signal_handler_and_pubsub_callback_bridges() -> None:
    sites = facts("A003_signal_and_callback", "thread-loop-bridge")
    assert brief(sites, "call", "timeout", "thread", "other_loop") == [
        (
            "worker/listener.py:21",
            "on_sigterm",
            "run_coroutine_threadsafe().result",
            "true",
            "signal",
            "true",
        ),
        ("worker/listener.py:25", "on_message", "asyncio.run", "", "pubsub-callback", "true"),
    ]


def test_A003_call_soon_threadsafe_and_unwaited_futures_are_not_bridges() -> None:
    assert facts("A003_call_soon_threadsafe", "thread-loop-bridge") == []


def test_watchdog_handler_waiting_on_the_loop() -> None:
    src = """
    import asyncio
    from watchdog.events import PatternMatchingEventHandler

    class Reloader(PatternMatchingEventHandler):
        def on_modified(self, event):
            asyncio.run_coroutine_threadsafe(self.app.reload(), self.loop).result()
    """
    (site,) = scan(src, "thread-loop-bridge")
    assert (site.line, site.attr("thread"), site.attr("timeout")) == (7, "watchdog", "false")


# -- A004 swallowed-exception ------------------------------------------------------------------


def test_celery_task_reaches_a_service_method_in_another_module() -> None:
    sites = facts("A004_celery_service", "swallowed-exception")
    assert brief(sites, "exception", "handler_logs", "in_loop", "entry", "mechanism") == [
        (
            "proj/services/billing.py:15",
            "BillingService.charge",
            "Exception",
            "log.exception",
            "true",
            "proj.tasks.monthly_invoices",
            "task-decorator",
        ),
        (
            "proj/tasks.py:16",
            "notify",
            "bare",
            "print",
            "true",
            "proj.tasks.monthly_invoices",
            "task-decorator",
        ),
    ]


def test_rq_enqueued_function_and_pubsub_callback() -> None:
    sites = facts("A004_rq_and_pubsub", "swallowed-exception")
    assert brief(sites, "handler_logs", "in_loop", "entry", "mechanism") == [
        (
            "jobs/images.py:12",
            "resize_image",
            "logger.error",
            "true",
            "jobs.images.resize_image",
            "enqueue",
        ),
        (
            "jobs/listener.py:17",
            "handle",
            "logger.warning",
            "false",
            "jobs.listener.handle",
            "pubsub-callback",
        ),
    ]


def test_A004_reraises_returns_failure_records_it_or_is_not_job_code() -> None:
    assert facts("A004_reraises", "swallowed-exception") == []


def test_string_reference_enqueued_job() -> None:
    src = """
    import logging
    log = logging.getLogger(__name__)

    def enqueue(q):
        q.enqueue("pkg.mod.work", 1)

    def work(n):
        try:
            return 1 / n
        except Exception:
            log.error("division failed")
    """
    (site,) = scan(src, "swallowed-exception")
    assert (site.line, site.function, site.attr("entry")) == (11, "work", "pkg.mod.work")


# -- L001 logging-config -----------------------------------------------------------------------


def test_dict_config_with_only_a_file_handler() -> None:
    sites = facts("L001_dictconfig_file", "logging-config")
    assert brief(sites, "kind", "handler") == [
        ("svc/logsetup.py:20", "setup", "file-handler", "dictConfig"),
    ]


def test_propagate_false_without_a_stream_handler_and_logging_disable() -> None:
    sites = facts("L001_propagate_false", "logging-config")
    assert brief(sites, "kind", "handler") == [
        ("app/log.py:6", "", "stream-handler", "basicConfig"),
        ("app/log.py:9", "", "no-stream-handler", "propagate=False"),
        ("app/log.py:10", "", "file-handler", "FileHandler"),
        ("app/log.py:12", "", "disabled", "logging.disable"),
    ]


def test_L001_logger_silenced_with_a_null_handler_is_not_lost_logging() -> None:
    """Shape of opsdoc's own ``_quiet_logger`` (toolkit/worker/rq_backend.py): rq's logger is
    silenced on purpose because the worker loop logs the same facts as JSON. Without the
    NullHandler, ``propagate = False`` still hides the lines by accident."""
    src = """
        import logging

        def _quiet_logger():
            log = logging.getLogger("opsdoc.worker.rq")
            log.addHandler(logging.NullHandler())
            log.propagate = False
            return log

        def _lost_logger():
            jobs_log = logging.getLogger("app.jobs")
            jobs_log.propagate = False
            return jobs_log
        """
    assert [(s.line, s.attr("handler")) for s in scan(src, "logging-config")] == [
        (12, "propagate=False")
    ]


def test_unconfigured_logging_in_a_web_app() -> None:
    sites = facts("L001_unconfigured_fastapi", "logging-config")
    assert brief(sites, "kind", "calls") == [("orders/main.py:13", "", "unconfigured", "2")]


def test_L001_stream_handler_console_handlers_are_facts_too() -> None:
    sites = facts("L001_stream_handler", "logging-config")
    assert [s.attr("kind") for s in sites] == [
        "stream-handler",
        "file-handler",
        "stream-handler",
        "stream-handler",
    ]


def test_a_script_that_logs_without_configuring_is_not_a_fact() -> None:
    src = """
    import logging
    log = logging.getLogger(__name__)

    def main():
        log.info("hello")
    """
    assert scan(src, "logging-config") == []


# -- T005 background-work after the response ---------------------------------------------------


def test_background_work_started_by_handlers_is_marked_after_response() -> None:
    sites = facts("T005_no_cpu_throttling", "background-work")
    assert brief(sites, "mechanism", "waited", "after_response") == [
        ("api/main.py:23", "start", "create_task", "false", "true"),
        ("api/main.py:26", "start", "thread", "false", "true"),
        ("api/main.py:32", "wait_for_it", "create_task", "true", "false"),
    ]


def test_garbage_input_yields_no_facts() -> None:
    assert scan_python("async def f(:\n  time.sleep(1)", "x.py") == []


def test_a_thread_running_its_own_loop_may_finish_it_with_run_until_complete() -> None:
    src = """
    import asyncio
    import threading

    def serve(loop):
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())

    def start():
        threading.Thread(target=serve, args=(asyncio.new_event_loop(),)).start()
        asyncio.get_event_loop()
    """
    assert scan(src, "thread-loop-bridge") == []


def test_a_blocking_helper_imported_from_another_module_is_followed(tmp_path: Path) -> None:
    """`async def view` calls `draft_reply`, a synchronous function of another project
    module that posts with requests: the event loop blocks at the view's call."""
    pkg = tmp_path / "tickets"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "llm.py").write_text(
        textwrap.dedent(
            """\
            import requests

            def draft_reply(subject, body):
                resp = requests.post("http://gateway/v1/draft", json={"s": subject}, timeout=30)
                return resp.json()["text"]

            def word_count(text):
                return len(text.split())
            """
        )
    )
    (pkg / "views.py").write_text(
        textwrap.dedent(
            """\
            from .llm import draft_reply, word_count

            async def suggest_reply(request, pk):
                words = word_count(request.body)
                return {"draft": draft_reply("s", request.body), "words": words}
            """
        )
    )
    ctx = SourceContext(datetime(2026, 1, 1, tzinfo=UTC), str(tmp_path), 30)
    sites = [
        r
        for r in CodeSource(str(tmp_path)).collect(ctx).records
        if isinstance(r, CodeSite) and r.kind == "blocking-in-async"
    ]
    assert [(s.where, s.attr("call")) for s in sites] == [
        ("tickets/views.py:5", "draft_reply (requests.post at tickets/llm.py:4)")
    ]


def test_A002_create_task_in_a_finalizer_is_not_a_dropped_task() -> None:
    """Shape of the anthropic SDK's ``AsyncHttpxClientWrapper.__del__`` (anthropic 2.16.0,
    _base_client.py): a finalizer can only schedule the close on the running loop; the same
    call in an ordinary method is still reported."""
    src = """
        import asyncio

        class AsyncHttpxClientWrapper:
            def __del__(self) -> None:
                if self.is_closed:
                    return
                try:
                    asyncio.get_running_loop().create_task(self.aclose())
                except Exception:
                    pass

            def close_later(self) -> None:
                asyncio.get_running_loop().create_task(self.aclose())
        """
    assert [(s.line, s.function) for s in scan(src, "task-dropped")] == [
        (14, "AsyncHttpxClientWrapper.close_later")
    ]


def test_L001_a_file_handler_only_a_callers_path_turns_on_is_opt_in() -> None:
    """The shape of a generated OpenAPI client's ``Configuration.logger_file`` setter:
    the file handler exists only when a caller sets a path. A fixed path, or an
    environment variable with a default, is a file handler in use."""
    src = """
        import logging
        import os

        class Configuration:
            @property
            def logger_file(self):
                return self.__logger_file

            @logger_file.setter
            def logger_file(self, value):
                self.__logger_file = value
                if self.__logger_file:
                    self.handler = logging.FileHandler(self.__logger_file)

        def attach(path):
            logging.getLogger().addHandler(logging.FileHandler(filename=path))

        OPTIONAL = os.environ.get("APP_LOG_FILE")
        if OPTIONAL:
            logging.getLogger().addHandler(logging.FileHandler(OPTIONAL))

        DEFAULTED = os.environ.get("APP_LOG_FILE", "/var/log/app.log")
        logging.getLogger().addHandler(logging.FileHandler(DEFAULTED))

        def setup():
            path = "/var/log/app/worker.log"
            logging.getLogger().addHandler(logging.FileHandler(path))
        """
    assert [(s.line, s.attr("opt_in")) for s in scan(src, "logging-config")] == [
        (14, "true"),
        (17, "true"),
        (21, "true"),
        (24, ""),
        (28, ""),
    ]


def test_A002_a_task_the_function_itself_cancels_or_outlives_by_running_the_loop() -> None:
    """Shapes of AstrBot's ``run_live_agent`` (tasks in locals cancelled in ``finally``) and
    Red-DiscordBot's ``main`` (``fut = loop.create_task(...)`` then ``loop.run_forever()``):
    the frame that holds the local lives until the task is ended, or as long as the loop.
    A task only checked with ``.done()``, or a coroutine that merely creates one and
    returns, still drops it."""
    src = """
        import asyncio

        async def run_live(agent):
            feeder = asyncio.create_task(agent.feed())
            try:
                async for chunk in agent.stream():
                    yield chunk
            finally:
                if not feeder.done():
                    feeder.cancel()

        def main(bot):
            loop = asyncio.new_event_loop()
            fut = loop.create_task(bot.start())
            loop.run_forever()

        async def checked(agent):
            probe = asyncio.create_task(agent.ping())
            if probe.done():
                return

        def starts_and_returns(bot):
            loop = asyncio.get_event_loop()
            fut = loop.create_task(bot.start())
            return loop
        """
    assert [(s.line, s.attr("held")) for s in scan(src, "task-dropped")] == [
        (19, "local:probe"),
        (25, "local:fut"),
    ]


def test_log_calls_on_objects_that_are_not_logging_loggers_are_not_lost_lines() -> None:
    """Shape of opsdoc's own reference worker: ``log = JsonLog(name)`` writes JSON lines
    to stdout itself, directly or as ``self.log`` typed by a parameter; loguru prints on
    its own. A ``getLogger`` logger, a parameter with no annotation, stay loggers."""
    from opsdoc.sources.code.logconf import quiet_log_calls
    from opsdoc.sources.code.pyscan import parse

    source = textwrap.dedent(
        """
        import logging

        from loguru import logger as lg

        from app.jsonlog import JsonLog

        log = logging.getLogger(__name__)


        def serve(name):
            out = JsonLog(name)
            out.info("worker.started", "started")
            lg.info("loguru prints by itself")
            log.info("lost without a handler")


        class Loop:
            def __init__(self, log: JsonLog, logger):
                self.log = log
                self.logger = logger

            def run(self):
                self.log.info("loop.started", "started")
                self.logger.info("may be a logging logger")
        """
    )
    idx = parse(source, "app/serve.py")
    assert [c.lineno for c in quiet_log_calls(idx)] == [15, 25]


def test_A002_a_coroutine_that_never_suspends_completes_in_its_first_step() -> None:
    """Shape of SonoffLAN's ``_process_ws_msg``: the task's coroutine has no ``await``, so it
    finishes when the loop first runs it; one that awaits can be collected mid-flight."""
    src = """
        import asyncio

        class Cloud:
            async def _process(self, data):
                self.devices.update(data)

            async def _fetch(self, data):
                await self.session.get(data)

            def on_message(self, data):
                asyncio.create_task(self._process(data))
                asyncio.create_task(self._fetch(data))
        """
    assert [(s.line, s.attr("held")) for s in scan(src, "task-dropped")] == [(13, "discarded")]


def test_A002_a_coroutine_that_only_sleeps_is_held_by_the_loops_timer() -> None:
    """A reminder that sleeps, then dispatches: while it sleeps the loop's timer holds the
    sleep's future, whose callback holds the task. Awaiting anything else (a response, a
    queue) is what leaves a task nothing holds."""
    src = """
        import asyncio
        from asyncio import sleep

        class Timers:
            async def fire_later(self, seconds, timer):
                await asyncio.sleep(seconds)
                self.bot.dispatch("timer_complete", timer)

            async def blink(self):
                await sleep(0.5)
                self.state = "idle"

            async def fire_then_save(self, seconds, timer):
                await asyncio.sleep(seconds)
                await self.db.save(timer)

            def create(self, seconds, timer):
                self.bot.loop.create_task(self.fire_later(seconds, timer))
                asyncio.create_task(self.blink())
                self.bot.loop.create_task(self.fire_then_save(seconds, timer))
        """
    assert [(s.line, s.attr("held")) for s in scan(src, "task-dropped")] == [(21, "discarded")]


def test_A002_a_task_started_by_module_level_code_and_held_by_nothing() -> None:
    """Shape of GPTDiscord's queue processors, started at import with ``ensure_future``."""
    src = """
        import asyncio

        queue = asyncio.Queue()
        asyncio.ensure_future(drain(queue))
        keeper = asyncio.ensure_future(drain(queue))

        async def drain(q):
            while True:
                await q.get()
        """
    sites = scan(src, "task-dropped")
    assert [(s.line, s.function, s.attr("held")) for s in sites] == [(5, "", "discarded")]


def test_A002_an_imported_coroutine_is_judged_in_the_module_that_defines_it(
    tmp_path: Path,
) -> None:
    """``create_task(keep_alive())`` with ``keep_alive`` imported: a ``while True`` whose
    only await is ``asyncio.sleep`` is held by the loop's timer; one that awaits a
    client's call is not."""
    pkg = tmp_path / "bot"
    (pkg / "startup").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "startup" / "__init__.py").write_text("")
    (pkg / "startup" / "funcs.py").write_text(
        textwrap.dedent(
            """
            import asyncio, logging
            log = logging.getLogger(__name__)

            async def keep_alive(db):
                while True:
                    try:
                        db.set_key("alive", "1")
                    except Exception:
                        log.exception("keep-alive failed")
                    await asyncio.sleep(60)

            async def sync_rooms(client):
                while True:
                    await client.sync()
                    await asyncio.sleep(5)
            """
        )
    )
    (pkg / "main.py").write_text(
        textwrap.dedent(
            """
            import asyncio
            from bot.startup.funcs import keep_alive, sync_rooms

            def start(loop, db, client):
                loop.create_task(keep_alive(db))
                loop.create_task(sync_rooms(client))
            """
        )
    )
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(tmp_path), deadline_s=30)
    sites = CodeSource(str(tmp_path)).collect(ctx).records
    assert [
        (s.where, s.attr("coroutine"))
        for s in sites
        if isinstance(s, CodeSite) and s.kind == "task-dropped"
    ] == [("bot/main.py:7", "bot.startup.funcs.sync_rooms")]


def test_A002_a_task_whose_failure_is_seen_or_whose_maker_keeps_awaiting() -> None:
    """saq's worker wiring (``create_task(start()).add_done_callback(stop_on_exit)``) and
    its benchmark (a local task while the benchmark polls the queue): the failure reaches
    a callback, or the suspended frame holds the task, so only the lasting reference is
    missing (held ``callback`` / ``frame``, reported at info). Fire-and-forget remains."""
    src = """
        import asyncio

        def serve(loop, worker):
            loop.create_task(worker.start()).add_done_callback(lambda _: stop())

        async def bench(queue, worker):
            task = asyncio.create_task(worker.start())
            while await queue.count():
                await asyncio.sleep(0.1)

        async def fire(worker):
            task = asyncio.create_task(worker.start())
            return None

        async def fan_out(worker, items):
            for item in items:
                asyncio.create_task(worker.run(item)).add_done_callback(log_failure)

        def unload(loop, session):
            loop.create_task(session.close())

        def recurring(coro, on_complete):
            task = asyncio.ensure_future(coro())
            task.add_done_callback(on_complete)

        async def react(message):
            "Acknowledge."
            try:
                await message.add_reaction("ok")
            except Exception:
                log.debug("no reaction")

        async def on_message(message):
            asyncio.create_task(react(message))

        class Platform:
            async def forward(self, text):
                try:
                    await self.send(text)
                except Exception as exc:
                    log.error("not forwarded: %s", exc)

            async def send(self, text):
                await self.ws.send(text)

        class Handler:
            def on_danmaku(self, message):
                asyncio.create_task(self.platform.forward(message))
                asyncio.create_task(self.platform.send(message))
        """
    assert [
        (s.line, s.attr("held"), s.attr("releases") or s.attr("handled"))
        for s in scan(src, "task-dropped")
    ] == [
        (5, "callback", ""),
        (8, "frame:task", ""),
        (13, "local:task", ""),
        (18, "discarded", ""),
        (21, "discarded", "true"),
        (24, "callback", ""),
        (35, "discarded", "true"),
        # a method of another object of the module, known by its name
        (49, "discarded", "true"),
        (50, "discarded", ""),
    ]
