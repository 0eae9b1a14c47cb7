"""`scan_python` on single modules: def-use tracing, near misses, and garbage input."""

from __future__ import annotations

import ast
import random
import textwrap

import pytest

from opsdoc.evidence import CodeSite
from opsdoc.sources.code import scan_python


def scan(source: str, kind: str | None = None) -> list[CodeSite]:
    sites = scan_python(textwrap.dedent(source), "pkg/mod.py")
    return [s for s in sites if kind is None or s.kind == kind]


def waits(source: str) -> list[tuple[int, str, str]]:
    return [(s.line, s.attr("mechanism"), s.attr("call")) for s in scan(source, "blocking-wait")]


def handler(source: str) -> dict[str, str]:
    (site,) = scan(source, "http-handler")
    return dict(site.attrs)


# -- future-result -----------------------------------------------------------------------------


def test_future_traced_through_a_method_return_value() -> None:
    src = """
    class Listener:
        def _start(self):
            return self.client.subscribe(self.path, callback=self.on_message)

        def run(self):
            pending = self._start()
            pending.result()
    """
    assert waits(src) == [(8, "future-result", "pending.result")]


def test_executor_future_named_like_a_streaming_pull_future_is_not_a_wait() -> None:
    src = """
    from concurrent.futures import ThreadPoolExecutor

    def run(job):
        with ThreadPoolExecutor() as pool:
            streaming_pull_future = pool.submit(job)
            streaming_pull_future.result()
    """
    assert waits(src) == []


@pytest.mark.parametrize("call", ["result(timeout=60)", "result(60)", "result(timeout=limit)"])
def test_result_with_a_timeout_is_not_a_wait(call: str) -> None:
    src = f"""
    def run(subscriber, path, limit):
        future = subscriber.subscribe(path, callback=print)
        future.{call}
    """
    assert waits(src) == []


# -- consume loops ---------------------------------------------------------------------------


def test_break_in_a_nested_function_does_not_exit_the_loop() -> None:
    src = """
    def run(conn):
        while True:
            item = conn.brpop("jobs")

            def later():
                for _ in range(3):
                    break
                return None

            later()
    """
    assert waits(src) == [(3, "consume-loop", "conn.brpop")]


@pytest.mark.parametrize(
    "exit_stmt", ["return", "raise SystemExit(0)", "sys.exit(0)", "os._exit(1)", "break"]
)
def test_any_exit_from_the_loop_body_is_healthy(exit_stmt: str) -> None:
    src = f"""
    import os, sys

    def run(consumer):
        while True:
            batch = consumer.poll(timeout_ms=1000)
            for record in batch:
                if record is None:
                    {exit_stmt}
    """
    expected = [(5, "consume-loop", "consumer.poll")] if exit_stmt == "break" else []
    assert waits(src) == expected


def test_event_flag_loop_is_endless_unless_the_loop_sets_it() -> None:
    endless = """
    import queue
    inbox = queue.Queue()

    def run(stop):
        while not stop.is_set():
            handle(inbox.get())
    """
    assert waits(endless) == [(6, "consume-loop", "inbox.get")]
    bounded = endless + "        stop.set()\n"
    assert waits(bounded) == []


def test_get_on_a_dict_is_not_a_consume_operation() -> None:
    src = """
    def run(settings):
        while True:
            value = settings.get("x")
            print(value)
    """
    assert waits(src) == []


# -- rq --------------------------------------------------------------------------------------


def test_work_on_a_non_rq_worker_or_with_dynamic_burst_is_not_a_fact() -> None:
    src = """
    from celery.apps.worker import Worker as CeleryWorker
    from rq import Worker

    def a():
        CeleryWorker().work()

    def b(burst):
        Worker(["q"]).work(burst=burst)

    def c():
        Worker(["q"]).work(True)
    """
    assert waits(src) == []


def test_rq_worker_from_a_module_import() -> None:
    src = """
    import rq.worker

    w = rq.worker.SpawnWorker(["default"])
    w.work(logging_level="INFO")
    """
    assert waits(src) == [(5, "rq-work-forever", "w.work")]


# -- handlers --------------------------------------------------------------------------------


def test_router_included_in_the_same_module() -> None:
    src = """
    from fastapi import APIRouter, FastAPI

    app = FastAPI()
    router = APIRouter(prefix="/jobs")

    @router.delete("/{job_id}")
    async def cancel(job_id: str):
        return {}

    app.include_router(router, prefix="/v1")
    """
    attrs = handler(src)
    assert (attrs["route"], attrs["method"], attrs["is_async"]) == (
        "/v1/jobs/{job_id}",
        "DELETE",
        "true",
    )


def test_awaited_executor_work_is_long_work_not_an_offload() -> None:
    src = """
    import asyncio, subprocess
    from fastapi import FastAPI

    app = FastAPI()

    def transcode(path):
        subprocess.run(["ffmpeg", "-i", path, "out.mp3"], check=True)

    @app.post("/transcode")
    async def endpoint(path: str):
        await asyncio.get_running_loop().run_in_executor(None, transcode, path)
        return {}
    """
    attrs = handler(src)
    assert (attrs["long_work"], attrs["offloads"]) == ("subprocess", "")


@pytest.mark.parametrize(
    ("body", "long_work"),
    [
        ("time.sleep(0.5)", ""),
        ("time.sleep(delay)", "sleep"),
        ("requests.get(url, timeout=5)", ""),
        ("[requests.get(u, timeout=5) for u in urls]", "http-in-loop"),
        ("for u in urls: requests.get(u)", "http-in-loop"),
        # a list the configuration fixes runs a known number of times
        ("for u in STATUS_URLS: requests.get(u)", ""),
        ("for u in settings.STATUS_URLS.split(','): requests.get(u)", ""),
        ("for u in ('https://a', 'https://b'): requests.get(u)", ""),
        ("for u in (url, 'https://b'): requests.get(u)", "http-in-loop"),
        ("for u in settings.status_urls: requests.get(u)", "http-in-loop"),
        ("t = threading.Thread(target=print); t.start(); t.join(timeout=5)", ""),
        ("t = threading.Thread(target=print); t.start(); t.join()", "join"),
        ("done.wait()", "wait"),
        ("done.wait(10)", ""),
        ("client.chat.completions.create(model='m', messages=[])", "llm-call"),
    ],
)
def test_long_work_kinds(body: str, long_work: str) -> None:
    src = f"""
    import threading, time
    import requests
    from flask import Flask

    app = Flask(__name__)

    @app.route("/x", methods=["post"])
    def view(delay=1, url="", urls=(), done=None, client=None):
        {body}
        return ""
    """
    attrs = handler(src)
    assert attrs["long_work"] == long_work
    assert attrs["method"] == "POST"


@pytest.mark.parametrize(
    ("body", "offloads"),
    [
        ("tasks_client.create_task(parent=queue_path, task={'http_request': {}})", "cloud_tasks"),
        ("q.enqueue(process, 1)", "enqueue"),
        ("process.delay(1)", "enqueue"),
        ("publisher.publish(topic, b'x')", "publish"),
        ("multiprocessing.Process(target=print).start()", "process"),
    ],
)
def test_offload_kinds(body: str, offloads: str) -> None:
    src = f"""
    import multiprocessing
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/x")
    def view(tasks_client=None, queue_path="", q=None, process=None, publisher=None, topic=""):
        {body}
        return {{}}
    """
    assert handler(src)["offloads"] == offloads


def test_task_stored_on_an_attribute_or_in_a_list_is_kept() -> None:
    src = """
    import asyncio

    class Service:
        async def start(self):
            self._task = asyncio.create_task(self.loop())
            pending = []
            pending.append(asyncio.create_task(self.loop()))
            task = asyncio.create_task(self.loop())
            return task

        async def loop(self):
            return None
    """
    sites = scan(src, "background-work")
    assert [(s.line, s.function, s.attr("kept"), s.attr("handler")) for s in sites] == [
        (6, "Service.start", "true", ""),
        (8, "Service.start", "true", ""),
        (9, "Service.start", "true", ""),
    ]


def test_bare_suppression_comment_suppresses_every_code() -> None:
    sites = scan("x = 1  # opsdoc: ignore\ny = 2  # opsdoc: ignore[a001, E002]\n", "suppression")
    assert [(s.line, s.attr("codes")) for s in sites] == [(1, ""), (2, "A001,E002")]


# -- garbage ---------------------------------------------------------------------------------
#
# A file Python cannot parse yields no facts at all (never a guess from its readable part)
# and never an exception; each case has a near twin that parses, where the scanner must
# still find the fact, so "nothing found" cannot come from a scanner that finds nothing.

CONSUMER = "import queue\nq = queue.Queue()\n"
LOOP = CONSUMER + "while True:\n    q.get()\n"
LOOP_FOUND = [(3, "consume-loop", "q.get")]


def nested(depth: int, inner: str) -> str:
    return CONSUMER + "while True:\n    x = " + "(" * depth + inner + ")" * depth + "\n"


def indented_ifs(levels: int, *, broken: bool) -> str:
    """``levels`` nested ifs around a consume loop; ``broken`` keeps every if at one level."""
    ifs = "".join("    " * (1 if broken else i + 1) + "if x:\n" for i in range(levels))
    body = "    " * (2 if broken else levels + 1) + "while True: q.get()\n"
    return CONSUMER + "def f(x):\n" + ifs + body


@pytest.mark.parametrize(
    ("broken", "repaired", "found"),
    [
        pytest.param("def f(:\n" + LOOP, LOOP, LOOP_FOUND, id="syntax-error-before-a-loop"),
        pytest.param(CONSUMER + "while True:\n    q.get(\n", LOOP, LOOP_FOUND, id="unclosed-call"),
        pytest.param(
            nested(300, "q.get()"),
            nested(150, "q.get()"),
            LOOP_FOUND,
            id="parentheses-past-the-parser-limit",
        ),
        pytest.param(
            CONSUMER + "while True:\n    x = " + "[" * 5000 + "\n",
            LOOP,
            LOOP_FOUND,
            id="5000-open-brackets",
        ),
        pytest.param(LOOP + "a\x00b = 1\n", LOOP + "ab = 1\n", LOOP_FOUND, id="nul-byte"),
        pytest.param(
            indented_ifs(90, broken=True),
            indented_ifs(90, broken=False),
            [(94, "consume-loop", "q.get")],
            id="90-ifs-deep",
        ),
    ],
)
def test_an_unparseable_file_yields_no_fact_and_its_repair_does(
    broken: str, repaired: str, found: list[tuple[int, str, str]]
) -> None:
    assert scan_python(broken, "garbage.py") == []
    assert waits(repaired) == found


def test_a_decorator_left_open_yields_no_handler_and_closed_yields_its_route() -> None:
    head = "from fastapi import FastAPI\napp = FastAPI()\n"
    assert scan_python(head + "@app.get(\ndef f(): pass\n", "garbage.py") == []
    attrs = handler(head + "@app.get('/x')\ndef f(): pass\n")
    assert (attrs["route"], attrs["method"], attrs["framework"]) == ("/x", "GET", "fastapi")


def test_an_empty_module_has_no_facts() -> None:
    assert scan_python("", "empty.py") == []
    assert scan_python("\n\n# only a comment\n", "empty.py") == []


def test_a_byte_order_mark_is_not_garbage() -> None:
    """A UTF-8 BOM is decoded away as Python does, and lines keep their numbers."""
    from opsdoc.sources.code import decode_python

    source = decode_python(b"\xef\xbb\xbf" + LOOP.encode())
    assert not source.startswith("\ufeff")
    assert waits(source) == LOOP_FOUND


def test_every_repeated_rq_work_call_is_reported_at_its_own_line() -> None:
    sites = scan("class A(rq.Worker):\n  pass\nA().work()\n" * 50, "blocking-wait")
    assert [(s.line, s.attr("mechanism")) for s in sites] == [
        (line, "rq-work-forever") for line in range(3, 151, 3)
    ]


def test_random_mutations_of_real_code_give_facts_only_when_they_parse() -> None:
    base = textwrap.dedent(
        """
        from fastapi import FastAPI
        app = FastAPI()

        @app.post("/run")
        async def run(sub):
            f = sub.subscribe("p", callback=print)
            while True:
                f.result()
        """
    )
    assert [(s.kind, s.line) for s in scan_python(base, "m.py")] == [
        ("http-handler", 6),
        ("blocking-in-async", 9),
        ("blocking-wait", 9),
    ]
    rng = random.Random(1234)
    parsed = unparseable = 0
    for _ in range(300):
        chars = list(base)
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(chars))
            chars[pos] = rng.choice("()[]:.\n =@\"'\\x0")
        mutant = "".join(chars)
        sites = scan_python(mutant, "m.py")
        try:
            ast.parse(mutant)
        except SyntaxError:
            unparseable += 1
            assert sites == [], mutant
            continue
        parsed += 1
        lines = len(mutant.splitlines())
        assert all(s.path == "m.py" and 1 <= s.line <= lines for s in sites), mutant
    assert parsed and unparseable  # both branches really ran


def test_suppression_marker_inside_a_string_is_not_a_comment() -> None:
    src = 'NOTE = "# opsdoc: ignore[T001]"\n"""# opsdoc: ignore"""\nx = 1  # opsdoc: ignore[T001]\n'
    assert [s.line for s in scan(src, "suppression")] == [3]
