"""Event-loop hazards: blocking calls in coroutines, dropped tasks, threads waiting on the loop."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from opsdoc.check_helpers import handler_for, human_seconds, log_quote
from opsdoc.evidence import CodeSite, Evidence, HttpInfo, LogRecord
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.plugin import check

_THREAD_WORDS = {
    "watchdog": "a watchdog observer thread",
    "thread": "a background thread",
    "timer": "a timer thread",
    "signal": "a signal handler (interrupting the loop's thread)",
    "pubsub-callback": "a Pub/Sub callback thread",
    "library-callback": "a callback the library invokes from its own thread",
    "caller": "a synchronous wrapper meant for threads other than the loop's",
}


def _async_handlers(ev: Evidence) -> dict[tuple[str, str], CodeSite]:
    return {
        (s.path, s.function): s for s in ev.code("http-handler") if s.attr("is_async") == "true"
    }


def _idle_loop(startup: str, script: str) -> str:
    """Why nothing waits for a blocking call ('' when something may): the app runs it
    while it starts or stops, or a one-shot script runs nothing else at that point."""
    if startup:
        return (
            f"while the app starts or stops (`{startup}`): the server runs it before it "
            "accepts requests and nothing else is on the loop, so it lengthens start-up "
            "and no request waits for it"
        )
    if script:
        return (
            f'where the script (`{script}` under `if __name__ == "__main__"`) runs nothing '
            "else on it: no task, gathered coroutine, server or callback is alive at that "
            "point, so nothing waits for it"
        )
    return ""


def _script_runs(ev: Evidence) -> list[CodeSite]:
    return list(ev.code("script-run"))


def _run_by(scripts: Sequence[CodeSite], path: str, coroutine: str) -> str:
    """How a script in another module runs ``coroutine`` of ``path`` as its one entry
    (``asyncio.run(Resolver.run())`` in ``cli/resolve.py``), or ''."""
    module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    full = f"{module}.{coroutine}"
    for run in scripts:
        target = run.attr("target")
        if (
            target == full
            or full.endswith("." + target)
            or target.endswith("." + full)
            or _reexported(target, module, coroutine)
        ):
            short = ".".join(target.split(".")[-2:]) if "." in coroutine else coroutine
            if run.attr("runner") == "await":  # awaited alone by the script's own coroutine
                return f"await {short}()` in `{run.path}"
            return f"{run.attr('runner')}({short}())` in `{run.path}"
    return ""


def _reexported(target: str, module: str, coroutine: str) -> bool:
    """``hackbot_runtime.checkout_revision`` for ``checkout_revision`` of
    ``libs/hackbot-runtime/hackbot_runtime/revision.py`` (``hackbot_runtime.HackbotContext.
    prepare_repo`` for a method of its ``context.py``): a package's ``__init__`` re-exports
    what its modules define, so the import names the package, not the module."""
    package, _, name = target.rpartition("." + coroutine)
    if name or not package:  # no separator: all of it is `name`
        return False
    parts, wanted = module.split("."), package.split(".")
    return any(parts[i : i + len(wanted)] == wanted for i in range(len(parts) - len(wanted)))


def _brief(cost: str, where: str, outside_handlers: bool) -> str:
    """What a call that holds the loop only briefly does, by its cost; '' for the rest."""
    if cost == "file":
        return (
            f"does local file I/O in {where}: it blocks the event loop only briefly unless "
            "the files are large or on a network disk"
        )
    if cost == "local-command":
        return (
            f"runs a local command in {where} (a git query of its own refs or config, a "
            "version query or a PATH lookup): it returns in milliseconds, so the loop is held "
            "only briefly"
        )
    if cost == "once":
        return (
            f"runs once per process in {where}: the function around it is cached "
            "(`lru_cache`) and takes no arguments, so only its first call holds the loop"
        )
    if cost == "pause" and outside_handlers:
        return (
            f"pauses the event loop once, for a fixed fraction of a second, in {where}: "
            "brief unless that coroutine runs often"
        )
    return ""


@dataclass(frozen=True)
class _Stall:
    """A slow request to the blocking handler, and requests elsewhere that ended with it."""

    blocker: LogRecord
    waited: tuple[LogRecord, ...]


def _requests(ev: Evidence) -> list[LogRecord]:
    return [
        r
        for r in ev.of(LogRecord)
        if r.http is not None and r.http.latency_s is not None and r.timestamp is not None
    ]


# A record `_requests` kept has its request, its latency and its time.
def _http(rec: LogRecord) -> HttpInfo:
    return cast(HttpInfo, rec.http)


def _latency(rec: LogRecord) -> float:
    return cast(float, _http(rec).latency_s)


def _at(rec: LogRecord) -> datetime:
    return cast(datetime, rec.timestamp)


def _ends(rec: LogRecord) -> tuple[datetime, datetime]:
    """When a request ended, read both ways a log may date it (arrival, or completion)."""
    return _at(rec) + timedelta(seconds=_latency(rec)), _at(rec)


def _served_by(
    requests: Sequence[LogRecord], handlers: Sequence[CodeSite]
) -> list[tuple[LogRecord, CodeSite | None]]:
    """Each request with the handler that served it, matched once for every A001 site."""
    return [(r, handler_for(handlers, _http(r).method, _http(r).path)) for r in requests]


def _stalls(handler: CodeSite, served: Sequence[tuple[LogRecord, CodeSite | None]]) -> list[_Stall]:
    """Slow requests to ``handler`` that other routes' requests finished together with.

    A loop blocked inside one request serves nothing else until that call returns; then
    every request that arrived meanwhile completes at once. So the sign is not a slow
    request (it may be slow for its own reasons) but requests to *other* routes ending
    within a moment of it, on the same instance when the log says which. Independent
    slow requests do not end together; requests held behind one blocked loop do.
    """
    own = [r for r, by in served if by is handler]
    others = [r for r, by in served if by is not handler]
    own.sort(key=lambda r: -_latency(r))
    stalls = []
    for blocker in own[:50]:
        latency = _latency(blocker)
        if latency < 1.0:
            break
        tolerance = timedelta(seconds=min(1.0, max(0.25, 0.05 * latency)))
        window = timedelta(seconds=latency) + tolerance
        ends = _ends(blocker)
        waited = []
        for other in others:
            if blocker.instance and other.instance and blocker.instance != other.instance:
                continue
            if abs(_at(other) - _at(blocker)) > window:
                continue
            if _latency(other) < 0.5:
                continue
            as_arrival, as_completion = _ends(other)
            if abs(as_arrival - ends[0]) <= tolerance or abs(as_completion - ends[1]) <= tolerance:
                waited.append(other)
        if len(waited) >= 2:
            stalls.append(_Stall(blocker, tuple(waited)))
    return stalls


def _stall_evidence(stalls: Sequence[_Stall]) -> tuple[str, list[EvidenceItem]]:
    first = stalls[0]
    waited = sorted(first.waited, key=lambda r: -_latency(r))
    sample = _http(waited[0])
    total = sum(len(s.waited) for s in stalls)
    phrase = (
        f"; the request logs show it: {total} request(s) to other routes finished together "
        f"with {len(stalls)} slow {_http(first.blocker).method} request(s) to this handler "
        f"(e.g. {sample.method} {sample.path or sample.url} waited "
        f"{human_seconds(_latency(waited[0]))})"
    )
    items = [log_quote(first.blocker), *(log_quote(r) for r in waited[:2])]
    return phrase, items


@check(
    "A001",
    "Blocking call inside async def",
    needs={CodeSite},
    severity=Severity.WARNING,
    root_cause=True,
)
def blocking_in_async(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags synchronous, blocking calls made inside an `async def` (directly, or in
    a synchronous helper of the same module it calls): `time.sleep`, `requests`,
    sync `httpx`, `urllib`, `subprocess.run`, synchronous SDK clients
    (`anthropic.Anthropic`, `openai.OpenAI`, Google Cloud clients, `redis.Redis`),
    `.result()`/`.join()`/`.wait()`/`queue.Queue.get()` without a timeout, and
    file reads in loops. Each finding names the async alternative.

    Findings are graded by what the call waits for: the network, a remote API or
    model, a sleep, a subprocess or another thread (a future, lock, queue or
    event) block for as long as that takes (warning; error in a request handler
    or a loop); small local file I/O is reported at info. A client is found
    through the variable that holds it, also when it is made in another module
    of the project or named in a parameter's annotation; a local variable that
    shadows a module (`requests = []`) is not the library. `# noqa: ASYNC210`
    (any flake8-async / ruff `ASYNC2xx` code) on the line suppresses the finding.

    A one-shot script (`asyncio.run(main())` under `if __name__ == "__main__"`)
    that blocks before it starts its tasks, gathers or servers, or after they are
    done, holds a loop that has nothing else to run: that is reported at info. The
    same holds for a coroutine of another module, or a method, that such a script
    runs (`asyncio.run(Resolver(args).resolve())`) when its own module names it
    nowhere else.
    A blocking call in the concurrent part (a gathered coroutine, a task, with
    tasks or callbacks alive, in an `async for` or an endless loop) is graded as
    anywhere else.

    With request logs, a blocking call in a request handler is also looked for in
    what the service did: a slow request to that handler with requests to *other*
    routes (on the same instance, when the log says) finishing together with it.
    That is what a blocked loop looks like from outside, so the finding then moves
    to what the evidence shows, quoting those requests.

    ## Why is this bad?
    An event loop runs one thing at a time. While a coroutine sits in a blocking
    call, no other request is served, no task advances, no heartbeat is written:
    a 40 s model call makes the whole service unresponsive for 40 s. Health
    checks fail and instances get restarted with work in flight.

    ## Example
    ```python
    async def run(self, url):
        page = requests.get(url, timeout=30).text
        reply = self.client.messages.create(model=MODEL, ...)
    ```
    Use instead:
    ```python
    async with httpx.AsyncClient() as http:
        page = (await http.get(url, timeout=30)).text
    reply = await self.async_client.messages.create(model=MODEL, ...)  # AsyncAnthropic
    ```
    or keep the sync call and move it off the loop: `await asyncio.to_thread(fn, ...)`.

    ## Fix safety
    No automatic fix: async clients have different lifetimes (open once, close
    on shutdown) and error types.

    ## References
    Python docs, "Developing with asyncio: running blocking code";
    `asyncio.to_thread`; `loop.run_in_executor`.
    """
    handlers = _async_handlers(ev)
    served = _served_by(_requests(ev), list(ev.code("http-handler")))
    stalls_of: dict[str, list[_Stall]] = {}
    scripts = _script_runs(ev)
    for site in ev.code("blocking-in-async"):
        coroutine = site.attr("via") or site.function
        script = site.attr("script") or (
            _run_by(scripts, site.path, site.attr("entry") or coroutine)
            if site.attr("alone")
            else ""
        )
        handler = handlers.get((site.path, coroutine))
        in_loop = site.attr("in_loop") == "true"
        cost = site.attr("cost")
        where = f"async {coroutine}" if coroutine else "a coroutine"
        if site.attr("via"):
            where += f" (through {site.function})"
        evidence = [quote("code", site.where, site.snippet)]
        if handler is not None:
            evidence.append(quote("code", handler.where, handler.snippet))
        fix = Fix(
            text=f"Use {site.attr('alternative')}; or, to keep the synchronous call, run it "
            "off the loop with `await asyncio.to_thread(...)`.",
            commands=("opsdoc runbook A001",),
        )
        brief = _brief(cost, where, handler is None)
        if brief:
            # a small local file, git reading its own metadata, one fixed short pause:
            # the loop is held for microseconds to milliseconds
            yield Hit(
                subject=site.where,
                summary=f"`{site.attr('call')}` {brief}",
                evidence=tuple(evidence),
                fix=fix,
                confidence=0.4,
                severity=Severity.INFO,
            )
            continue
        idle = _idle_loop(site.attr("startup"), script) if handler is None else ""
        if idle:
            # the app's start-up, or a one-shot script before or after its concurrent
            # work: nothing else is on the loop
            yield Hit(
                subject=site.where,
                summary=f"`{site.attr('call')}` blocks the event loop in {where}, but only " + idle,
                evidence=tuple(evidence),
                fix=fix,
                confidence=0.4,
                severity=Severity.INFO,
            )
            continue
        summary = f"`{site.attr('call')}` blocks the event loop in {where}"
        if handler is not None:
            summary += (
                f", the handler of {handler.attr('method')} {handler.attr('route')}: every "
                "other request on the instance waits"
            )
        if in_loop:
            summary += ", once per loop iteration"
        confidence = 0.85
        stalls: list[_Stall] = []
        if handler is not None and served:
            if handler.where not in stalls_of:
                stalls_of[handler.where] = _stalls(handler, served)
            stalls = stalls_of[handler.where]
        if stalls:
            phrase, seen = _stall_evidence(stalls)
            summary += phrase
            evidence.extend(seen)
            confidence = 0.95
        yield Hit(
            subject=site.where,
            summary=summary,
            evidence=tuple(evidence),
            fix=fix,
            confidence=confidence,
            severity=Severity.ERROR if handler is not None or in_loop else Severity.WARNING,
            # Slow requests to handlers that do no long work themselves (T002 as a
            # symptom) are what a blocked loop looks like from outside.
            explains=("T002:*",),
        )


@check(
    "A002",
    "asyncio task result dropped",
    needs={CodeSite},
    severity=Severity.WARNING,
    root_cause=True,
)
def task_dropped(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags `asyncio.create_task(...)`, `loop.create_task(...)` and
    `asyncio.ensure_future(...)` whose task object is discarded, or bound to a
    local variable that is never stored, awaited, gathered or returned. At info
    when the failure is seen after all (a done callback receives the task) or when
    the local holds the task while its coroutine goes on awaiting in a loop, or when
    the task only releases a resource (`session.close()`), or its coroutine (of the same
    module) wraps its whole body in a `try` that catches every exception. Not for a
    coroutine of the module that never awaits (it completes in its first step) or
    whose only awaits are `asyncio.sleep(...)` (the loop's timer holds the task while
    it sleeps). ruff's `# noqa: RUF006` (asyncio-dangling-task, the same rule) on the
    line suppresses it.

    ## Why is this bad?
    The event loop keeps only a weak reference to tasks. A task nobody holds
    can be garbage-collected before it finishes ("Task was destroyed but it is
    pending!"), and an exception it raises is never retrieved: background work
    silently stops half-way.

    ## Example
    ```python
    asyncio.create_task(run_workflow(job_id))
    ```
    Use instead:
    ```python
    background_tasks = set()

    task = asyncio.create_task(run_workflow(job_id))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    ```
    or an `asyncio.TaskGroup` when the caller can wait for the tasks.

    ## Fix safety
    No automatic fix; the pattern above is safe to apply by hand.

    ## References
    Python docs, `asyncio.create_task` ("Important: save a reference to the
    result of this function").
    """
    for site in ev.code("task-dropped"):
        held = site.attr("held")
        kind, _, local = held.partition(":")
        where = site.function or site.path
        if site.attr("releases") == "true":
            kind = "releases"
        elif site.attr("handled") == "true" and kind == "discarded":
            kind = "handled"
        if kind in ("callback", "frame", "releases", "handled"):
            # The failure is seen (a done callback gets the task) or the task is held
            # while the coroutine that made it goes on: only the lasting reference is
            # missing, a risk that matters if the task outlives its maker.
            how = (
                "a done callback receives the finished task, so its failure is seen, "
                "but nothing holds the task while it runs"
                if kind == "callback"
                else f"local `{local}` holds the task while {where} goes on awaiting, "
                "but nothing does once it returns, and nothing retrieves its exception"
                if kind == "frame"
                else "the task only releases a resource; nothing holds it, so if it is lost "
                "the resource is left to the process's exit (an 'Unclosed ...' warning), "
                "but no work is lost"
                if kind == "releases"
                else "its coroutine catches and logs every exception itself, so no failure "
                "is lost; only a reference keeping the task alive is missing"
            )
            yield Hit(
                subject=site.where,
                summary=f"`{site.attr('call')}` in {where}: {how}",
                evidence=(quote("code", site.where, site.snippet),),
                fix=Fix(
                    text="Keep a strong reference until the task finishes: add it to a "
                    "module-level set and `task.add_done_callback(tasks.discard)`, or use an "
                    "asyncio.TaskGroup.",
                    commands=("opsdoc runbook A002",),
                ),
                confidence=0.4,
                severity=Severity.INFO,
                explains=("E005:services/*/tasks-destroyed",),
            )
            continue
        how = (
            "its result is discarded"
            if held == "discarded"
            else f"the task is kept only in local `{local}`, which goes nowhere"
        )
        yield Hit(
            subject=site.where,
            summary=f"`{site.attr('call')}` in {where}: {how}; the task can "
            "be garbage-collected mid-flight and its exceptions are lost",
            evidence=(quote("code", site.where, site.snippet),),
            fix=Fix(
                text="Keep a strong reference until the task finishes: add it to a module-level "
                "set and `task.add_done_callback(tasks.discard)`, or use an asyncio.TaskGroup.",
                commands=("opsdoc runbook A002",),
            ),
            confidence=0.75,
            explains=("E005:services/*/tasks-destroyed",),
        )


@check(
    "A003",
    "Thread blocks on the event loop (deadlock risk)",
    needs={CodeSite},
    severity=Severity.ERROR,
    root_cause=True,
)
def thread_loop_bridge(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags code that runs outside the event loop's thread (watchdog handlers,
    `threading.Thread` targets and subclasses, timers, signal handlers, Pub/Sub
    streaming callbacks, callbacks handed to a library through
    `subscribe_callback`/`add_listener`/`on_*`-style APIs or assigned like
    `client.on_message = handle`, and synchronous wrappers meant to be called from
    such threads) and then blocks on the loop:
    `asyncio.run_coroutine_threadsafe(...).result()`, `loop.run_until_complete`
    on another thread's loop, or `asyncio.run` in a signal handler of a process whose
    main thread runs a loop (where it raises). `asyncio.run` in a thread of its own
    is not reported: it gives that thread a private loop and waits on nothing the
    process's loop does.
    `run_coroutine_threadsafe(coro, asyncio.get_running_loop()).result()`, or a
    wrapper doing it that a coroutine calls, runs on the loop's own thread: a
    certain deadlock. A `subscribe(...)` callback is a Pub/Sub one only when
    def-use shows the receiver is a `SubscriberClient` (an in-process event bus's
    `subscribe` is an observer). Not reported: `run_until_complete` on
    `asyncio.get_event_loop()` looked up in the thread itself (that thread's own
    loop, set by an executor `initializer`; it raises where none is set), and a
    bounded `run_coroutine_threadsafe(...).result(timeout=...)` wrapper whose every
    use in its module is awaited on an executor (`run_in_executor`, `to_thread`).

    ## Why is this bad?
    The thread parks until the loop has run the coroutine. If the loop is at that
    moment busy in a blocking call, or waiting for something the parked thread
    holds (a lock, a file, the next event the watcher would deliver), neither
    side moves: the process hangs with no error, its heartbeat goes stale (H001)
    and only a restart helps, intermittently, several times a day.

    ## Example
    ```python
    class Handler(FileSystemEventHandler):
        def on_modified(self, event):
            asyncio.run_coroutine_threadsafe(self.reload(), self.loop).result()
    ```
    Use instead: hand the event over without waiting.
    ```python
        def on_modified(self, event):
            self.loop.call_soon_threadsafe(self.events.put_nowait, event.src_path)
    ```

    ## Fix safety
    No automatic fix: the consumer side (an `asyncio.Queue` reader) must be added.

    ## References
    Python docs, "Concurrency and multithreading" in asyncio;
    `asyncio.run_coroutine_threadsafe`; `loop.call_soon_threadsafe`.
    """
    for site in ev.code("thread-loop-bridge"):
        call = site.attr("call")
        thread = _THREAD_WORDS.get(site.attr("thread"), "another thread")
        entry = site.attr("entry") or site.function
        on_loop = site.attr("loop") == "running" or site.attr("from_loop") == "true"
        if call == "run_coroutine_threadsafe().result" and on_loop:
            how = (
                "on `asyncio.get_running_loop()`"
                if site.attr("loop") == "running"
                else "and is called from a coroutine"
            )
            yield Hit(
                subject=site.where,
                summary=f"{entry} waits with `run_coroutine_threadsafe(...).result()` {how}: "
                "it runs on the event loop's own thread, which cannot run the coroutine until "
                "the wait returns (certain deadlock"
                + (", or a timeout every time)" if site.attr("timeout") == "true" else ")"),
                evidence=(quote("code", site.where, site.snippet),),
                fix=Fix(
                    text="On the loop's thread, `await` the coroutine instead of submitting it "
                    "and waiting; keep `run_coroutine_threadsafe` for code that runs in other "
                    "threads (and give its `.result()` a timeout).",
                    commands=("py-spy dump --pid PID", "opsdoc runbook A003"),
                ),
                confidence=0.95,
                severity=Severity.ERROR,
                explains=("H001:*",),
            )
            continue
        if call == "run_coroutine_threadsafe().result":
            timed = site.attr("timeout") == "true"
            what = "waits for a coroutine on the event loop" + (
                " (with a timeout: a stall becomes an error, but the thread still stalls)"
                if timed
                else " with no timeout"
            )
            severity = Severity.WARNING if timed else Severity.ERROR
            confidence = 0.55 if timed else 0.85
        elif call == "asyncio.run":
            if site.attr("thread") != "signal" or site.attr("other_loop") != "true":
                # In a thread of its own, `asyncio.run` makes that thread a private loop
                # and waits on nothing the process's loop does: no bridge at all.
                continue
            yield Hit(
                subject=site.where,
                summary=f"{entry} runs in {thread} and calls `asyncio.run` while that thread "
                "runs the process's event loop: it raises RuntimeError (`asyncio.run() cannot "
                "be called from a running event loop`) and the handler's work never happens",
                evidence=(quote("code", site.where, site.snippet),),
                fix=Fix(
                    text="Register the handler on the loop instead: "
                    "`loop.add_signal_handler(signal.SIGTERM, lambda: "
                    "asyncio.create_task(shutdown()))`.",
                    commands=("opsdoc runbook A003",),
                ),
                confidence=0.6,
                severity=Severity.WARNING,
            )
            continue
        else:
            if site.attr("other_loop") != "true":
                continue  # a thread running its own private loop is fine
            what = f"runs `{call}` while the process already runs an event loop"
            severity, confidence = Severity.WARNING, 0.5
        yield Hit(
            subject=site.where,
            summary=f"{entry} runs in {thread} and {what}: if the loop is busy or "
            "waits on this thread, both hang (deadlock, stale heartbeat)",
            evidence=(quote("code", site.where, site.snippet),),
            fix=Fix(
                text="Do not block a foreign thread on the loop: hand the event over with "
                "`loop.call_soon_threadsafe(queue.put_nowait, item)` and consume it in a "
                "coroutine, or replace the watcher thread with polling inside the loop. If a "
                "result is needed, wait with a timeout and cancel on timeout.",
                commands=("py-spy dump --pid PID", "opsdoc runbook A003"),
            ),
            confidence=confidence,
            severity=severity,
            explains=("H001:*",),
        )
