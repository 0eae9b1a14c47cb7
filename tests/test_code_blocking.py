"""A001 on a FastAPI service: clients found through the variable that holds them (also
across modules), names that shadow a library, what each call costs, and noqa comments."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import CodeSite
from opsdoc.findings import Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

SERVICE = Path(__file__).parent / "fixtures" / "code" / "A001_fastapi_llm_service"


def blocking(source: str) -> list[tuple[int, str, str]]:
    sites = scan_python(textwrap.dedent(source), "app/svc.py")
    return [
        (s.line, s.attr("call"), s.attr("cost")) for s in sites if s.kind == "blocking-in-async"
    ]


def test_service_facts_with_their_cost() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(SERVICE), deadline_s=30)
    result = CodeSource(str(SERVICE)).collect(ctx)
    sites = [r for r in result.records if isinstance(r, CodeSite)]
    assert [
        (s.where, s.function, s.attr("call"), s.attr("cost"))
        for s in sites
        if s.kind == "blocking-in-async"
    ] == [
        # a parameter annotated `Anthropic | None`, stored on self
        ("svc/agent.py:20", "Agent.step", "self.client.messages.create", "sdk"),
        ("svc/agent.py:28", "Agent.run", "STATUS.write_text", "file"),
        # a client returned by a cached factory in another module
        ("svc/routes/chat.py:20", "chat", "llm.messages.create", "sdk"),
        # `export` and `retry` use a list and a dict named `requests`: not the library
        ("svc/routes/chat.py:41", "upstream", "requests.get", "network"),
        ("svc/routes/chat.py:47", "render", "subprocess.run", "subprocess"),
        # one fixed 0.2 s sleep outside a loop: a pause (info, unless a handler pays it)
        ("svc/routes/chat.py:48", "render", "time.sleep", "pause"),
        # a module-level client imported from svc.llm (the awaited and offloaded calls are fine)
        ("svc/routes/summarize.py:19", "summarize", "client.messages.create", "sdk"),
    ]
    assert [(s.where, s.attr("codes")) for s in sites if s.kind == "suppression"] == [
        ("svc/routes/chat.py:48", "A001")
    ]


def test_findings_are_graded_by_cost_and_noqa_suppresses() -> None:
    config = Config()
    config.select = ["A001"]
    report = diagnose(
        Options(root=SERVICE, as_of=datetime(2026, 11, 23, tzinfo=UTC), config=config, offline=True)
    )
    graded = {f.subject: (f.severity, bool(f.suppressed)) for f in report.findings}
    assert graded == {
        "svc/agent.py:20": (Severity.WARNING, False),
        "svc/agent.py:28": (Severity.INFO, False),  # a small status file, even in a loop
        "svc/routes/chat.py:20": (Severity.ERROR, False),  # in a request handler
        "svc/routes/chat.py:41": (Severity.ERROR, False),
        "svc/routes/chat.py:47": (Severity.ERROR, False),
        "svc/routes/chat.py:48": (Severity.ERROR, True),  # suppressed by its flake8-async comment
        "svc/routes/summarize.py:19": (Severity.ERROR, False),
    }
    status = next(f for f in report.findings if f.subject == "svc/agent.py:28")
    assert "local file I/O" in status.summary
    assert "once per loop iteration" not in status.summary


def test_single_module_scan_sees_the_same_cross_module_shapes_locally() -> None:
    assert blocking(
        """
        import anthropic

        def make():
            return anthropic.Anthropic()

        CLIENT = make()

        async def a(client: "anthropic.Anthropic"):
            return client.messages.create(model="m", max_tokens=1, messages=[])

        async def b():
            return CLIENT.messages.create(model="m", max_tokens=1, messages=[])

        async def c(client: anthropic.AsyncAnthropic):
            return await client.messages.create(model="m", max_tokens=1, messages=[])
        """
    ) == [(10, "client.messages.create", "sdk"), (13, "CLIENT.messages.create", "sdk")]


def test_names_that_shadow_a_library_are_not_the_library() -> None:
    assert blocking(
        """
        import time
        import requests
        from subprocess import run

        async def a(pending):
            requests = [p for p in pending]
            requests.append(1)
            return requests

        async def b(requests: dict):
            return requests.get("k")

        async def c(batches):
            for requests in batches:
                requests.get("k")

        async def d(run):
            run(["ls"])

        async def e():
            return requests.post("https://example.org", timeout=5)

        async def f():
            time.sleep(1)
        """
    ) == [(22, "requests.post", "network"), (25, "time.sleep", "sleep")]


def test_an_optional_import_fallback_keeps_the_library() -> None:
    assert blocking(
        """
        try:
            import requests
        except ImportError:
            requests = None

        async def fetch(url):
            return requests.get(url, timeout=5)
        """
    ) == [(8, "requests.get", "network")]


def test_noqa_codes_map_to_A001_only_for_flake8_async_blocking_codes() -> None:
    sites = scan_python(
        textwrap.dedent(
            """
            import time, subprocess

            async def a():
                time.sleep(1)  # noqa: ASYNC251
                subprocess.run(["x"])  # noqa: E501, ASYNC221
                time.sleep(2)  # noqa: E501
                time.sleep(3)  # noqa: ASYNC910
                time.sleep(4)  # noqa: TRIO200
                s = "# noqa: ASYNC251"; time.sleep(5)
                time.sleep(6)  # type: ignore[ASYNC101]
                time.sleep(7)  # type: ignore[attr-defined]
            """
        ),
        "app/x.py",
    )
    # ASYNC910 (an async function with no checkpoint) is no blocking call; ruff numbered
    # its blocking-call rules ASYNC100-102 before 0.5, and some projects silence them with
    # a `type: ignore[...]` comment
    assert [(s.line, s.attr("codes")) for s in sites if s.kind == "suppression"] == [
        (5, "A001"),
        (6, "A001"),
        (9, "A001"),
        (11, "A001"),
    ]


def test_ruff_dangling_task_noqa_suppresses_A002() -> None:
    """ruff's RUF006 is A002's twin (crewAI's bedrock browser toolkit marks a reviewed
    fire-and-forget cleanup task ``# noqa: RUF006``)."""
    sites = scan_python(
        textwrap.dedent(
            """
            import asyncio

            class BrowserToolkit:
                def __del__(self):
                    loop = asyncio.get_event_loop()
                    if loop.is_running():
                        asyncio.create_task(self.cleanup())  # noqa: RUF006
            """
        ),
        "tools/browser_toolkit.py",
    )
    assert [
        (s.line, s.attr("codes"), s.attr("foreign")) for s in sites if s.kind == "suppression"
    ] == [(8, "A002", "true")]


IMPORTED = Path(__file__).parent / "fixtures" / "code" / "A001_imported_helpers"


def test_imported_helpers_block_by_the_resolved_name_of_their_call() -> None:
    """Helpers in other modules: ``asyncio``/``anyio``/``trio`` sleeps hand the loop back
    (awaited coroutines, or synchronous helpers returning one); ``time.sleep`` under any
    alias and ``os.system`` block, also in a module that never spells ``sleep(``."""
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(IMPORTED), deadline_s=30)
    for fast in (True, False):
        result = CodeSource(str(IMPORTED), reduce=fast, prefilter=fast).collect(ctx)
        assert [
            (s.where, s.function, s.attr("call"), s.attr("cost"))
            for s in result.records
            if isinstance(s, CodeSite) and s.kind == "blocking-in-async"
        ] == [
            ("crawler/fetch.py:16", "crawl", "wait_out (time.sleep at crawler/throttle.py:7)",
             "sleep"),
            ("crawler/fetch.py:18", "crawl",
             "housekeeping.cool_down (time.sleep at crawler/housekeeping.py:8)", "sleep"),
            ("crawler/fetch.py:23", "main",
             "housekeeping.rotate_logs (os.system at crawler/housekeeping.py:12)", "subprocess"),
        ]  # fmt: skip


def test_the_imported_module_gate_is_read_from_imports_not_from_a_call_spelling() -> None:
    from opsdoc.sources.code.blocking import may_block

    assert not may_block(b"import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n")
    assert not may_block(b"import anyio, trio\n\ndef f():\n    return trio.sleep(anyio.sleep(1))\n")
    assert not may_block(b"import datetime\n# time.sleep(1) would block\n")
    assert may_block(b"from time import sleep as nap\n\ndef f():\n    nap(1)\n")
    assert may_block(b"import json, subprocess\n")
    assert may_block(b"from google.cloud import storage\n")
    assert may_block(b"def f(fut):\n    return fut.result()\n")


def quiet(source: str) -> list[tuple[int, str]]:
    sites = scan_python(textwrap.dedent(source), "tools/run.py")
    return [(s.line, s.attr("script")) for s in sites if s.kind == "blocking-in-async"]


def test_a_script_entry_is_found_through_its_launcher_and_any_runner() -> None:
    assert quiet(
        """
        import anyio, asyncio, time

        async def main():
            time.sleep(1)
            await asyncio.create_task(asyncio.sleep(1))  # awaited on the spot: done
            time.sleep(1)

        def cli():
            anyio.run(main)

        if __name__ == "__main__":
            cli()
        """
    ) == [(5, "anyio.run(main())"), (7, "anyio.run(main())")]


def test_work_left_running_by_a_project_function_keeps_the_script_loud() -> None:
    assert quiet(
        """
        import asyncio, time

        async def start_workers(queue):
            for _ in range(4):
                asyncio.create_task(queue.get())

        async def main():
            time.sleep(1)
            await start_workers(asyncio.Queue())
            time.sleep(1)

        if __name__ == "__main__":
            asyncio.run(main())
        """
    ) == [(9, "asyncio.run(main())"), (11, "")]


def test_each_coroutine_the_guard_runs_is_an_entry_but_one_passed_on_is_not() -> None:
    """``asyncio.run`` gives each coroutine a loop of its own, one after another or in a
    branch the command line picks: each runs alone. One handed to a bus is called by it."""
    two = """
        import asyncio, time

        async def main():
            time.sleep(1)

        async def other():
            time.sleep(1)

        if __name__ == "__main__":
            asyncio.run(main())
            asyncio.run(other())
        """
    assert quiet(two) == [(5, "asyncio.run(main())"), (8, "asyncio.run(other())")]
    branches = """
        import asyncio, subprocess, sys, time

        async def worker():
            await asyncio.sleep(1)
            time.sleep(1)

        async def main():
            child = subprocess.Popen([sys.executable, __file__, "--worker"])
            for _ in range(80):
                time.sleep(0.5)
                if child.poll() is not None:
                    break
            await asyncio.sleep(0)

        if __name__ == "__main__":
            if "--worker" in sys.argv:
                asyncio.run(worker())
            else:
                asyncio.run(main())
        """
    assert quiet(branches) == [(6, "asyncio.run(worker())"), (11, "asyncio.run(main())")]
    callback = """
        import asyncio, time

        async def on_tick():
            time.sleep(1)

        async def main(bus):
            bus.subscribe(on_tick)
            await on_tick()

        if __name__ == "__main__":
            asyncio.run(main(None))
        """
    assert quiet(callback) == [(5, "")]


def test_a_wait_right_after_kill_only_reaps_the_process() -> None:
    """SIGKILL cannot be caught: ``proc.kill(); proc.wait()`` returns at once. After
    ``terminate()`` the child may run its handler for as long as it likes."""
    sites = scan_python(
        textwrap.dedent(
            """
            import subprocess

            async def stop(cmd):
                proc = subprocess.Popen(cmd)
                proc.kill()
                proc.wait()
                other = subprocess.Popen(cmd)
                other.terminate()
                other.wait()
            """
        ),
        "app/stop.py",
    )
    assert [(s.line, s.attr("call")) for s in sites if s.kind == "blocking-in-async"] == [
        (10, "other.wait")
    ]


def test_a_single_short_fixed_sleep_is_a_pause_and_a_loop_of_them_a_sleep() -> None:
    sites = scan_python(
        textwrap.dedent(
            """
            import time

            async def click_twice(x, y):
                press(x, y)
                time.sleep(0.1)
                press(x, y)
                time.sleep(0.5)
                while not ready():
                    time.sleep(0.1)
                time.sleep(delay())
            """
        ),
        "tools/computer.py",
    )
    assert [(s.line, s.attr("cost")) for s in sites if s.kind == "blocking-in-async"] == [
        (6, "pause"),
        (8, "sleep"),
        (10, "sleep"),
        (11, "sleep"),
    ]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _a001(root: Path) -> dict[str, tuple[Severity, str]]:
    config = Config()
    config.select = ["A001"]
    report = diagnose(
        Options(root=root, as_of=datetime(2026, 11, 23, tzinfo=UTC), config=config, offline=True)
    )
    return {f.subject: (f.severity, f.summary) for f in report.findings}


RESOLVER = {
    "fixer/resolver.py": """
        import asyncio
        import subprocess

        class Resolver:
            def __init__(self, args):
                self.args = args

            async def resolve(self):
                subprocess.check_output(["git", "clone", self.args.repo, "work"])
                watcher = asyncio.create_task(self.watch())
                subprocess.check_output(["git", "fetch"], cwd="work")
                await watcher

            async def watch(self):
                await asyncio.sleep(1)
    """,
    "fixer/steps.py": """
        import subprocess

        async def sync_all(cfg):
            subprocess.run(["rsync", "-a", cfg.src, cfg.dst], check=True)
    """,
}


def test_a_coroutine_that_a_script_in_another_module_runs_alone_is_quiet_until_it_spawns(
    tmp_path: Path,
) -> None:
    """``asyncio.run(Resolver(args).resolve())`` or ``asyncio.run(sync_all(cfg))`` under
    another module's ``__main__`` guard: before the coroutine starts other work, nothing
    else is on the loop (info); after it has, the blocking call stalls that work."""
    _write(tmp_path, RESOLVER)
    _write(
        tmp_path,
        {
            "fixer/cli.py": """
                import argparse
                import asyncio

                from fixer.resolver import Resolver
                from fixer.steps import sync_all

                def main():
                    args = argparse.ArgumentParser().parse_args()
                    resolver = Resolver(args)
                    asyncio.run(resolver.resolve())
                    asyncio.run(sync_all(args))

                if __name__ == "__main__":
                    main()
            """
        },
    )
    found = _a001(tmp_path)
    assert {k: v[0] for k, v in found.items()} == {
        "fixer/resolver.py:10": Severity.INFO,
        "fixer/resolver.py:12": Severity.WARNING,  # the watcher task is alive meanwhile
        "fixer/steps.py:5": Severity.INFO,
    }
    assert found["fixer/resolver.py:10"][1].startswith(
        "`subprocess.check_output` blocks the event loop in async Resolver.resolve, but only "
        "where the script (`asyncio.run(Resolver.resolve())` in `fixer/cli.py` under "
    )


def test_a_coroutine_a_script_awaits_alone_in_its_loop_is_quiet_until_it_spawns(
    tmp_path: Path,
) -> None:
    """mentat's sample harness: the script's entry coroutine awaits an imported coroutine
    once per sample, one after another, with nothing else on the loop; awaited inside a
    gather, the same coroutine runs beside others and stays a warning."""
    _write(tmp_path, RESOLVER)
    harness = """
        import asyncio

        from fixer.steps import sync_all

        async def main(cfgs):
            for cfg in cfgs:
                {await_it}

        if __name__ == "__main__":
            asyncio.run(main([]))
    """
    _write(tmp_path, {"fixer/harness.py": harness.format(await_it="await sync_all(cfg)")})
    found = _a001(tmp_path)
    assert found["fixer/steps.py:5"][0] == Severity.INFO
    assert "(`await sync_all()` in `fixer/harness.py` under " in found["fixer/steps.py:5"][1]
    gathered = "await asyncio.gather(sync_all(cfg), asyncio.sleep(1))"
    _write(tmp_path, {"fixer/harness.py": harness.format(await_it=gathered)})
    assert _a001(tmp_path)["fixer/steps.py:5"][0] == Severity.WARNING


def test_a_coroutine_not_run_by_a_script_or_also_called_elsewhere_stays_a_warning(
    tmp_path: Path,
) -> None:
    _write(tmp_path, RESOLVER)
    # no runner: a server imports the class and awaits the coroutine among its requests
    _write(
        tmp_path,
        {
            "fixer/cli.py": """
                from fixer.resolver import Resolver

                def main(args):
                    return Resolver(args)

                if __name__ == "__main__":
                    main(None)
            """,
            "fixer/again.py": """
                import asyncio
                import subprocess

                class Loop:
                    async def tick(self):
                        subprocess.check_output(["date"])

                    async def forever(self):
                        while True:
                            await self.tick()

                if __name__ == "__main__":
                    asyncio.run(Loop().tick())
            """,
        },
    )
    found = _a001(tmp_path)
    assert {k: v[0] for k, v in found.items()} == {
        "fixer/resolver.py:10": Severity.WARNING,
        "fixer/resolver.py:12": Severity.WARNING,
        "fixer/steps.py:5": Severity.WARNING,
        # run by its own guard, but also awaited in a loop of the module: not alone
        "fixer/again.py:7": Severity.WARNING,
    }


def test_a_lock_waited_for_blocks_and_a_try_lock_does_not() -> None:
    assert blocking(
        """
        import threading

        class Agent:
            def __init__(self):
                self._lock = threading.Lock()

            async def stream(self):
                if not self._lock.acquire(blocking=False):
                    raise RuntimeError("busy")
                self._lock.acquire(False)
                self._lock.acquire(timeout=0)
                self._lock.acquire()
        """
    ) == [(13, "self._lock.acquire", "wait")]


def test_waiting_on_a_process_that_has_exited_only_reaps_it() -> None:
    assert blocking(
        """
        import subprocess

        async def tunnel():
            process = subprocess.Popen(["ngrok", "http", "8000"])
            if process.poll() is not None:
                process.wait()
                raise RuntimeError("ngrok exited")
            process.wait()
        """
    ) == [(9, "process.wait", "wait")]


REGISTRY_APP = {
    "shop/thumbs.py": """
        import requests


        class ThumbnailClient:
            def __init__(self, url):
                self.url = url
                self.session = requests.Session()

            def resize(self, image):
                return self.session.post(self.url, data=image, timeout=30).json()

            async def aresize(self, image):
                return image
    """,
    "shop/app.py": """
        from aiohttp import web
        from fastapi import FastAPI

        from shop.handlers import upload, upload_async, upload_other
        from shop.thumbs import ThumbnailClient


        def create_app():
            app = web.Application()
            app["thumbnails"] = ThumbnailClient("http://thumbs")
            app.add_routes([web.post("/up", upload), web.post("/up2", upload_async),
                            web.post("/up3", upload_other)])
            return app


        api = FastAPI()
        api.state.thumbs = ThumbnailClient("http://thumbs")
    """,
    "shop/handlers.py": """
        async def upload(request):
            return request.app["thumbnails"].resize(await request.read())


        async def upload_async(request):
            return await request.app["thumbnails"].aresize(await request.read())


        async def upload_other(request):
            return request.app["index"].resize(await request.read())


        async def upload_state(request):
            return request.app.state.thumbs.resize(b"")
    """,
}


def test_a_method_of_an_object_the_app_keeps_in_its_registry_is_followed(
    tmp_path: Path,
) -> None:
    """Shape of an aiohttp service that stores its clients in the application
    (``app["thumbnails"] = ThumbnailClient(url)``) and calls them from handlers as
    ``request.app["thumbnails"].resize(...)``; FastAPI's ``app.state`` the same way.
    An awaited coroutine method, or a key nothing stored, is not followed."""
    _write(tmp_path, REGISTRY_APP)
    found = _a001(tmp_path)
    assert set(found) == {"shop/handlers.py:3", "shop/handlers.py:15"}
    assert found["shop/handlers.py:3"][1].startswith(
        "`ThumbnailClient.resize (self.session.post at shop/thumbs.py:11)` blocks the event "
        "loop in async upload"
    )


def test_a_method_of_an_instance_another_module_made_is_followed_to_its_class(
    tmp_path: Path,
) -> None:
    """``from .geo import lookup_client`` where geo.py holds ``lookup_client =
    GeoClient()``: its method runs a ``requests.Session`` call inside the coroutine. A
    method of an instance whose class never blocks is not reported."""
    pkg = tmp_path / "edge"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "geo.py").write_text(
        textwrap.dedent(
            """
            import requests


            class GeoClient:
                def __init__(self, base="http://geo.internal"):
                    self.session = requests.Session()
                    self.base = base

                def country(self, ip):
                    return self.session.get(f"{self.base}/v1/{ip}", timeout=2).json()["cc"]

                def cached(self, ip):
                    return self.base + ip


            lookup_client = GeoClient()
            """
        )
    )
    (pkg / "views.py").write_text(
        textwrap.dedent(
            """
            from aiohttp import web

            from .geo import lookup_client


            async def where(request):
                cc = lookup_client.country(request.remote)
                label = lookup_client.cached(request.remote)
                return web.json_response({"cc": cc, "label": label})
            """
        )
    )
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(tmp_path), deadline_s=30)
    result = CodeSource(str(tmp_path)).collect(ctx)
    assert [
        (s.where, s.attr("call"), s.attr("cost"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "blocking-in-async"
    ] == [
        (
            "edge/views.py:8",
            "lookup_client.country (self.session.get at edge/geo.py:11)",
            "network",
        )
    ]


def started(source: str) -> list[tuple[int, str, str]]:
    sites = scan_python(textwrap.dedent(source), "app/main.py")
    return [
        (s.line, s.attr("startup"), s.attr("script"))
        for s in sites
        if s.kind == "blocking-in-async"
    ]


LIFESPAN = """
    import asyncio, time
    from contextlib import asynccontextmanager
    from fastapi import FastAPI

    def wait_for_search():
        time.sleep(2)

    @asynccontextmanager
    async def lifespan(app):
        wait_for_search()
        yield
        time.sleep(1)

    def get_application(override=None):
        return FastAPI(lifespan=override or lifespan)
    """


def test_an_apps_lifespan_runs_before_it_serves_so_its_blocking_is_start_up_only() -> None:
    """The server runs the lifespan before accepting requests and after it stopped: a
    blocking call there lengthens start-up and no request waits. The same function not
    handed to the app, or after it started a task, blocks what runs beside it."""
    assert started(LIFESPAN) == [
        (7, "FastAPI(lifespan=lifespan)", ""),  # in the helper the lifespan calls
        (13, "FastAPI(lifespan=lifespan)", ""),
    ]
    unregistered = LIFESPAN.replace("FastAPI(lifespan=override or lifespan)", "FastAPI()")
    assert started(unregistered) == [(7, "", ""), (13, "", "")]
    spawned = LIFESPAN.replace(
        "        wait_for_search()\n",
        "        asyncio.create_task(refresh())\n        wait_for_search()\n",
    )
    assert started(spawned) == [(7, "", ""), (14, "", "")]


def test_startup_event_handlers_are_start_up_too() -> None:
    source = """
        import time
        from fastapi import FastAPI
        app = FastAPI()

        @app.on_event("startup")
        async def warm():
            time.sleep(1)

        async def seed():
            time.sleep(1)

        app.add_event_handler("startup", seed)

        @app.get("/")
        async def index():
            time.sleep(1)
        """
    assert started(source) == [
        (8, '@app.on_event("startup")', ""),
        (11, 'app.add_event_handler("startup", seed)', ""),
        (17, "", ""),
    ]


def test_a_branch_a_false_default_keeps_shut_is_not_followed() -> None:
    """``telemetry(...)`` posts in a thread unless ``blocking=True``: a call that leaves
    the flag at its default never reaches the synchronous post; one that sets it does."""
    source = """
        import threading, requests

        def telemetry(data, blocking=False):
            def send():
                requests.post("https://t.example/v1", json=data, timeout=5)
            if blocking:
                return send()
            threading.Thread(target=send, daemon=True).start()

        async def on_register(user):
            telemetry({"id": user})
        """
    assert blocking(source) == []
    by_name = source.replace('telemetry({"id": user})', 'telemetry({"id": user}, blocking=True)')
    assert [line for line, _, _ in blocking(by_name)] == [6]
    by_position = source.replace('telemetry({"id": user})', 'telemetry({"id": user}, True)')
    assert [line for line, _, _ in blocking(by_position)] == [6]
    negated = source.replace(
        "if blocking:", "if not blocking:\n                pass\n            else:"
    )
    assert blocking(negated) == []
    always = source.replace(
        "            if blocking:\n                return send()\n", "            send()\n"
    )
    assert [line for line, _, _ in blocking(always)] == [6]


def test_start_up_blocking_is_info_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text(textwrap.dedent(LIFESPAN))
    as_of = datetime(2026, 1, 1, tzinfo=UTC)
    report = diagnose(Options(root=tmp_path, as_of=as_of, config=Config(), offline=True))
    a001 = sorted((f.subject, f.severity) for f in report.findings if f.code == "A001")
    assert a001 == [("app/main.py:13", Severity.INFO), ("app/main.py:7", Severity.INFO)]
    first = next(f for f in report.findings if f.code == "A001")
    assert "before it accepts requests" in first.summary
    assert "`FastAPI(lifespan=lifespan)`" in first.summary


def test_pubsub_subscribe_and_publish_return_futures_at_once() -> None:
    """``subscriber.subscribe(path, callback)`` starts the streaming pull on the client's
    threads and returns its future; ``publisher.publish`` likewise. Waiting on either
    future in a coroutine blocks; other calls of the client do too."""
    source = """
        from google.cloud import pubsub_v1

        class Inbound:
            def __init__(self):
                self.subscriber = pubsub_v1.SubscriberClient()
                self.publisher = pubsub_v1.PublisherClient()

            async def start(self, path, topic):
                self.future = self.subscriber.subscribe(path, callback=self.handle)
                self.publisher.publish(topic, b"ready")

            async def wait(self):
                self.future.result()

            async def pull_once(self, path):
                self.subscriber.pull(subscription=path, max_messages=10)
        """
    assert [(line, call) for line, call, _ in blocking(source)] == [
        (14, "self.future.result"),
        (17, "self.subscriber.pull"),
    ]


def test_a_sync_generator_handed_to_a_streaming_response_runs_off_the_loop() -> None:
    """A generator function's body runs where its generator is iterated, not where it is
    called: ``StreamingResponse(stream())`` gives Starlette a synchronous iterator, which it
    runs in a worker thread. Iterated by the coroutine itself, the same body holds the loop."""
    source = textwrap.dedent(
        """
        import time, requests
        from fastapi import FastAPI
        from fastapi.responses import StreamingResponse
        app = FastAPI()

        @app.post("/validate")
        async def validate(pr: int):
            def stream():
                for attempt in range(10):
                    time.sleep(5)
                    yield requests.get(f"https://ci.example/{pr}").text
            return StreamingResponse(stream())

        @app.post("/inline")
        async def inline(pr: int):
            def stream():
                time.sleep(5)
                yield "x"
            return "".join(stream())

        @app.post("/loop")
        async def loop(pr: int):
            def pages():
                yield requests.get("https://ci.example/1").text
            for page in pages():
                print(page)
        """
    )
    sites = [
        (s.line, s.attr("call"))
        for s in scan_python(source, "app/api.py")
        if s.kind == "blocking-in-async"
    ]
    assert sites == [(18, "time.sleep"), (25, "requests.get")]


def test_a_git_query_of_local_metadata_is_a_local_command() -> None:
    # git reading its refs or config returns in milliseconds; fetching, cloning or a
    # command the code does not spell out is a real subprocess wait.
    assert blocking(
        """
        import subprocess

        def git_root(path):
            return subprocess.check_output(["git", "rev-parse", "--show-toplevel"], cwd=path)

        async def start(path, cmd):
            root = git_root(path)
            url = subprocess.check_output(["git", "config", "--get", "remote.origin.url"])
            subprocess.run("git remote get-url origin", shell=True)
            subprocess.run(["git", "remote", "update"])
            subprocess.run(["git", "fetch", "origin"])
            subprocess.run(cmd)
        """
    ) == [
        (5, "subprocess.check_output", "local-command"),
        (9, "subprocess.check_output", "local-command"),
        (10, "subprocess.run", "local-command"),
        (11, "subprocess.run", "subprocess"),
        (12, "subprocess.run", "subprocess"),
        (13, "subprocess.run", "subprocess"),
    ]


def test_a_version_query_or_a_path_lookup_is_a_local_command() -> None:
    """kirara's ``[str(self._frpc_path), "-v"]`` and MetaGPT's ``os.system(check_command)``
    with ``check_command = "command -v " + command + ' >/dev/null 2>&1 || { echo ...; exit 1; }'``
    return in milliseconds. A version flag among other arguments, a lookup chained to a real
    command, or a command the code computes whole is a subprocess wait."""
    assert blocking(
        """
        import os
        import subprocess

        async def probe(binary, name, cmd):
            subprocess.run([str(binary), "-v"], capture_output=True)
            out = subprocess.check_output(f"{binary} --version", shell=True)
            if os.name == "nt":
                check = "where " + name
            else:
                check = "command -v " + name + ' >/dev/null 2>&1 || { echo >&2 "no"; exit 1; }'
            os.system(check)
            subprocess.run(["ffmpeg", "-v", "quiet", "-i", name])
            os.system("which " + name + " && " + name + " --build")
            os.system("command " + name)
            subprocess.run(cmd)
            subprocess.run([binary, cmd])
        """
    ) == [
        (6, "subprocess.run", "local-command"),
        (7, "subprocess.check_output", "local-command"),
        (12, "os.system", "local-command"),
        (13, "subprocess.run", "subprocess"),
        (14, "os.system", "subprocess"),
        (15, "os.system", "subprocess"),
        (16, "subprocess.run", "subprocess"),
        (17, "subprocess.run", "subprocess"),
    ]


def test_a_constructor_that_blocks_blocks_the_coroutine_that_calls_it(tmp_path: Path) -> None:
    """mentat's ``Session.__init__`` checks PyPI for a new version with ``requests.get``;
    the terminal client constructs the session inside its coroutine. A constructor with
    a false flag left at its default (``check=False``) does not run the shut branch."""
    assert blocking(
        """
        import requests

        class Probe:
            def __init__(self, url, check=False):
                if check:
                    requests.get(url)

        class Session:
            def __init__(self, url):
                self.latest = requests.get(url).json()

        async def run(url):
            Probe(url)
            return Session(url)
        """
    ) == [(11, "requests.get", "network")]
    _write(
        tmp_path,
        {
            "app/session.py": """
                import requests

                class Session:
                    def __init__(self, url):
                        self.latest = requests.get(url, timeout=None).json()
            """,
            "app/client.py": """
                from app.session import Session

                async def run(url):
                    return Session(url)
            """,
        },
    )
    assert _a001(tmp_path)["app/client.py:5"][0] == Severity.WARNING


def test_a_runtime_helper_handed_the_entry_runs_it_alone(tmp_path: Path) -> None:
    """bugbug's agents: ``run_async(main)`` from a runtime package wraps
    ``asyncio.run(entrypoint(ctx))``; ``main`` awaits a re-exported coroutine of that
    package (``from runtime import checkout``) and a nested coroutine of an imported
    agent function, one at a time. Nothing else is on the loop (info); the nested
    coroutine gathered with another runs beside it and stays a warning."""
    _write(
        tmp_path,
        {
            "runtime/__init__.py": """
                from runtime.checkout import checkout
                from runtime.runner import run_async
            """,
            "runtime/runner.py": """
                import asyncio

                def run_async(entrypoint):
                    raise SystemExit(asyncio.run(entrypoint({})))
            """,
            "runtime/checkout.py": """
                import subprocess

                async def checkout(ctx, rev):
                    subprocess.run(["hg", "update", rev], check=True)
            """,
            "agent/work.py": """
                import subprocess

                async def repro(ctx):
                    async def attempt(channel):
                        subprocess.run(["firefox", "--channel", channel], check=True)

                    await attempt("nightly")
                    await attempt("stable")
            """,
            "agent/__main__.py": """
                from runtime import checkout, run_async
                from agent.work import repro

                async def main(ctx):
                    await checkout(ctx, "tip")
                    await repro(ctx)

                if __name__ == "__main__":
                    run_async(main)
            """,
        },
    )
    found = _a001(tmp_path)
    assert {k: v[0] for k, v in found.items()} == {
        "runtime/checkout.py:5": Severity.INFO,
        "agent/work.py:6": Severity.INFO,
    }
    assert "(`await repro()` in `agent/__main__.py` under " in found["agent/work.py:6"][1]
    _write(
        tmp_path,
        {
            "agent/work.py": """
                import asyncio
                import subprocess

                async def repro(ctx):
                    async def attempt(channel):
                        subprocess.run(["firefox", "--channel", channel], check=True)

                    await asyncio.gather(attempt("nightly"), attempt("stable"))
            """
        },
    )
    assert _a001(tmp_path)["agent/work.py:7"][0] == Severity.WARNING


def test_a_method_of_the_context_the_runtime_hands_the_entry_runs_alone(tmp_path: Path) -> None:
    """bugbug's agents: ``async def main(ctx: HackbotContext)`` awaits
    ``ctx.prepare_repo()`` first; the runtime builds the context and hands it over. The
    parameter's annotation names the class (re-exported by its package), so the method
    is run alone (info); a module
    that also calls it from a served coroutine keeps it a warning."""
    context = """
        import subprocess

        class Context:
            async def prepare(self):
                subprocess.run(["hg", "pull"], check=True)
    """
    files = {
        "runtime/__init__.py": "from runtime.context import Context\nfrom runtime.runner import run_async\n",
        "runtime/runner.py": """
            import asyncio

            def run_async(entrypoint):
                raise SystemExit(asyncio.run(entrypoint(object())))
        """,
        "runtime/context.py": context,
        "agent/__main__.py": """
            from runtime import Context, run_async

            async def main(ctx: "Context"):
                await ctx.prepare()

            if __name__ == "__main__":
                run_async(main)
        """,
    }
    _write(tmp_path, files)
    assert _a001(tmp_path)["runtime/context.py:6"][0] == Severity.INFO
    served = "\n            async def serve(self):\n                await self.prepare()\n"
    _write(tmp_path, {"runtime/context.py": context.rstrip() + "\n" + served})
    assert _a001(tmp_path)["runtime/context.py:6"][0] == Severity.WARNING


def test_a_step_a_factory_awaits_alone_runs_alone_when_a_script_awaits_the_factory(
    tmp_path: Path,
) -> None:
    """OpenManus: ``agent = await SandboxManus.create()`` in a one-shot CLI; the
    ``@classmethod`` factory awaits ``instance.initialize_sandbox_tools()``, which makes
    the sandbox with a blocking SDK. Nothing else is on the loop then (info). When the
    module also awaits that step from a coroutine it hands to a task, the step may run
    beside other work (warning)."""
    agent = """
        import asyncio
        import time

        class Agent:
            @classmethod
            async def create(cls):
                instance = cls()
                await instance.setup()
                return instance

            async def setup(self):
                time.sleep(25)

            async def run(self, prompt):
                return prompt
        {more}
    """
    files = {
        "app/agent.py": agent.replace("{more}", ""),
        "main.py": """
            import asyncio

            from app.agent import Agent

            async def main():
                agent = await Agent.create()
                await agent.run("hi")

            if __name__ == "__main__":
                asyncio.run(main())
        """,
    }
    _write(tmp_path, files)
    assert _a001(tmp_path)["app/agent.py:13"][0] == Severity.INFO
    refresh = (
        "\n"
        "            async def refresh(self):\n"
        "                await self.setup()\n"
        "\n"
        "            def start(self):\n"
        "                self.task = asyncio.create_task(self.refresh())\n"
    )
    _write(tmp_path, {"app/agent.py": agent.replace("        {more}\n", refresh)})
    assert _a001(tmp_path)["app/agent.py:13"][0] == Severity.WARNING


def test_a_set_optional_parameter_that_returns_early_skips_the_blocking_rest() -> None:
    """kirara's ``MediaMessage(media_id=...)`` returns before it starts and joins its
    registration thread; built from data, it blocks."""
    media = """
        import threading

        class Media:
            def __init__(self, data=None, media_id=None):
                if media_id is not None:
                    self.media_id = media_id
                    return
                worker = threading.Thread(target=print)
                worker.start()
                worker.join()

        async def load(value):
            return Media({})
        """
    assert blocking(media.format("media_id=value")) == []
    assert blocking(media.format("value")) == [(11, "worker.join", "wait")]
    assert blocking(media.format("media_id=None")) == [(11, "worker.join", "wait")]


REPL = """
    import asyncio
    import time

    from prompt_toolkit import PromptSession

    import anthropic

    client = anthropic.Anthropic()
    session = PromptSession()


    async def ask(prompt="You: "):
        return await session.prompt_async(prompt)


    async def analyse(code):
        return client.messages.create(model="m", max_tokens=9, messages=[])


    async def speak(text):
        playing = asyncio.create_task(asyncio.sleep(1))
        {speak_tail}


    async def turn(text):
        reply = client.messages.create(model="m", max_tokens=9, messages=[])
        task = asyncio.create_task(analyse(text))
        analysis = await task
        await speak(analysis)
        time.sleep(2)
        return reply


    async def main():
        while True:
            text = {read}
            if text == "exit":
                break
            await turn(text)


    if __name__ == "__main__":
        asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("read", "speak_tail", "severity"),
    [
        # a read-eval loop: one turn at a time, at the person's pace
        ("await ask()", "await playing", Severity.INFO),
        ("input('> ')", "await asyncio.gather(playing)", Severity.INFO),
        # a loop that serves a connection, not a person
        ("await reader.readline()", "await playing", Severity.WARNING),
        # a task that outlives speak() runs beside the rest of the turn
        ("await ask()", "return None", Severity.WARNING),
    ],
)
def test_a_read_eval_loop_runs_one_turn_at_a_time(
    tmp_path: Path, read: str, speak_tail: str, severity: Severity
) -> None:
    """claude-engineer's CLI: ``while True: text = await get_user_input(); await
    chat_with_claude(text)``. Nothing else runs while a turn blocks: a task created and
    awaited at once (``task = create_task(analyse()); await task``) or awaited before its
    function returns runs no beside anything. A loop that reads a connection, or a task
    left running, can be starved."""
    _write(tmp_path, {"cli.py": REPL.format(read=read, speak_tail=speak_tail)})
    found = _a001(tmp_path)
    assert found["cli.py:27"][0] == severity  # turn(): the model call
    assert found["cli.py:31"][0] == severity  # turn(): after the spoken reply
    assert found["cli.py:18"][0] == severity  # analyse(), run as a task awaited at once


def test_a_cached_helper_of_no_arguments_blocks_once() -> None:
    """kirara's ``@lru_cache(maxsize=1) def get_cpu_info()`` runs ``wmic`` on the first call
    only. Cached by its arguments, or a method cached per instance, it runs again for
    each new key."""
    assert blocking(
        """
        import functools
        import subprocess
        from functools import lru_cache

        @lru_cache(maxsize=1)
        def cpu_info():
            return subprocess.run(["wmic", "cpu", "get", "name"]).stdout

        @functools.cache
        def host_facts():
            return subprocess.run(["lscpu"]).stdout

        @lru_cache
        def model_of(path):
            return subprocess.run(["file", path]).stdout

        async def status(path):
            return cpu_info(), host_facts(), model_of(path)
        """
    ) == [
        (8, "subprocess.run", "once"),
        (12, "subprocess.run", "once"),
        (16, "subprocess.run", "subprocess"),
    ]


def test_a001_reports_a_cached_helper_s_one_blocking_call_at_info(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app/status.py": """
                import subprocess
                from functools import lru_cache

                @lru_cache(maxsize=1)
                def cpu_info():
                    return subprocess.run(["lscpu"], capture_output=True).stdout

                async def status():
                    return {"cpu": cpu_info()}
            """
        },
    )
    severity, summary = _a001(tmp_path)["app/status.py:7"]
    assert severity == Severity.INFO
    assert summary == (
        "`subprocess.run` runs once per process in async status (through cpu_info): the "
        "function around it is cached (`lru_cache`) and takes no arguments, so only its first "
        "call holds the loop"
    )
