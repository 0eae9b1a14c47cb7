"""Failures a batch process swallows: the step logs and returns, the process exits 0.

A Cloud Run Job, a cron line, a Kubernetes CronJob or a systemd unit runs a command
(``python -m pkg.main``, a console script); the platform learns that the run failed
only from the exit code. So what matters in a batch entry is not whether a handler
returns a value, but whether the failure it returns ever reaches the exit code.

From the entry (the module's top-level code, its ``if __name__ == "__main__":`` block,
a console-script function, click/typer commands) the calls are followed as for job
code (`swallow`), also into functions handed to an executor (``pool.map(step, docs)``,
``pool.submit(step, doc)``). A broad handler that logs and neither raises nor exits
is then judged by def-use: what it assigns (``failed += 1``, ``ok = False``) and what
it returns are followed through its function and up the call chain, through
assignments, containers (``results.append(ok)``), conditions (``if not ok:``) and
loops over results (``for f in as_completed(futures)``). The failure is signalled when
it reaches a ``raise``, ``sys.exit(...)`` / ``raise SystemExit(...)`` (as an argument,
or guarded by a condition that depends on it), a function named for failure
(``mark_failed``), a metric or alerting client, or the return of a console-script
function; otherwise it is lost in counters and log lines, or dropped.

What the author decided is left alone: a fallback value (``return []``, ``f() or
DEFAULTS``), an optional component whose absence is checked where it is used, a search
that moves on to the next candidate, a report made inside a handler that already fails
the run, and a secondary step inside work whose handler fails the run (`_Guards`).
A loop that never ends (``while True``, a consume or poll loop) is a daemon, not a batch;
an entry that starts a server, or reaches ``input()`` or a module using a terminal prompt
library (prompt_toolkit, questionary, curses...), is a server or an interactive program:
its failures are read by a person or a client, not from its exit code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import SWALLOWED_EXCEPTION, make_site
from opsdoc.sources.code.pyindex import FuncDef, ModuleIndex, child_nodes, dotted, walk_scope
from opsdoc.sources.code.swallow import (
    EXIT_CALLS,
    FAILURE_WORD,
    MAX_DEPTH,
    SCOPE_NODES,
    _callee,
    _following,
    _function,
    _is_log_call,
    _wrappers,
    best_effort_lookup,
    broad,
)
from opsdoc.sources.code.waits import CONSUME_METHODS

Loader = Callable[[str], ModuleIndex | None]

MECHANISM = "batch-entry"
EXECUTOR_FIRST_ARG = frozenset(
    {"map", "submit", "imap", "imap_unordered", "starmap", "map_async", "starmap_async"}
)
"""``pool.map(step, items)``: the function runs once per item and its results come back."""
THREAD_OFFLOAD = frozenset({"to_thread", "run_in_executor"})
MUTATORS = frozenset(
    {"append", "extend", "add", "insert", "update", "appendleft", "put", "put_nowait", "setdefault"}
)
"""Methods through which a value lands in a container (the container carries it on)."""
COMMAND_DECORATORS = frozenset({"command", "group", "callback"})
"""click and typer: the framework calls the function and ignores what it returns."""
CLI_FACTORIES = ("typer.Typer", "click.Group", "click.group")
ALERTING = re.compile(r"(?i)metric|alert|notif|sentry|capture_|statsd|gauge|incr|pager|slack")
"""Calls that tell someone (a metric, an alert, an error tracker): the count is not lost."""
METRIC_LIBRARIES = ("prometheus_client", "statsd", "datadog", "sentry_sdk", "opentelemetry")
PURE_CALLS = frozenset(
    {
        "len",
        "sum",
        "min",
        "max",
        "any",
        "all",
        "sorted",
        "list",
        "tuple",
        "set",
        "dict",
        "str",
        "int",
        "bool",
        "float",
        "round",
        "format",
        "repr",
        "filter",
        "map",
        "zip",
        "enumerate",
        "reversed",
        "isinstance",
        "print",
    }
)
"""Builtins a failure count passes through on its way to a log line."""


@dataclass(frozen=True)
class BatchEntry:
    """What a deployment runs: a module (its top-level code) or one function of it."""

    module: str
    """Dotted module name (``pkg.main``) or a relative path (``pkg/main.py``)."""
    function: str = ""
    """For a console script (``pkg.cli:main``): the function, or a click/typer app object."""
    how: str = ""
    """Where the deployment says so (``Dockerfile CMD``, ``crontab``)."""


@dataclass
class _Frame:
    idx: ModuleIndex
    fn: FuncDef | None
    """None for a module's top-level code."""
    body: list[ast.stmt]
    call: ast.AST | None
    """The expression in the parent frame whose value is this frame's result."""
    via: str
    """``call``, ``executor``, ``command`` (click/typer), ``script`` (console script), ``top``."""
    parent: _Frame | None
    depth: int
    in_loop: bool
    protected: bool = False
    """A caller up the chain runs this inside a ``try`` whose handler fails the run."""
    bindings: dict[str, ast.expr] = field(default_factory=dict)
    """For a decorator's wrapper: the values its factory's parameters took at the
    decoration (``default=None``), which the wrapper's ``return default`` returns."""

    @property
    def name(self) -> str:
        return self.fn.qualname if self.fn is not None else "__main__"

    @property
    def label(self) -> str:
        return f"`{self.fn.qualname}`" if self.fn is not None else "the top-level code"


@dataclass(frozen=True)
class _Found:
    idx: ModuleIndex
    frame: _Frame
    handler: ast.ExceptHandler
    logs: str
    failure: str
    lost: str
    in_loop: bool
    entry: str
    how: str


def batch_swallows(entries: Iterable[BatchEntry], load: Loader) -> list[CodeSite]:
    """Handlers reached from a batch entry whose failure never reaches the exit code."""
    found: dict[tuple[str, int], _Found] = {}
    for entry in entries:
        for hit in _walk(entry, load):
            found.setdefault((hit.idx.path, hit.handler.lineno), hit)
    out = []
    for _, hit in sorted(found.items()):
        exc = dotted(hit.handler.type) if hit.handler.type is not None else "bare"
        attrs = {
            "exception": exc,
            "handler_logs": hit.logs,
            "in_loop": str(hit.in_loop).lower(),
            "entry": hit.entry,
            "mechanism": MECHANISM,
            "failure": hit.failure,
            "lost": hit.lost,
            "deploy": hit.how,
        }
        out.append(
            make_site(
                SWALLOWED_EXCEPTION,
                hit.idx.path,
                hit.handler.lineno,
                hit.idx.lines,
                hit.frame.name if hit.frame.fn is not None else "",
                attrs,
            )
        )
    return out


# -- entries -----------------------------------------------------------------------------------


def _roots(entry: BatchEntry, load: Loader) -> Iterator[tuple[ModuleIndex, _Frame, str]]:
    module = entry.module
    if module.endswith(".py"):
        module = module[:-3].replace("/", ".")
    module = module.removesuffix(".__init__")
    idx = load(module)
    if idx is None:
        return
    if not entry.function:
        frame = _Frame(idx, None, list(idx.tree.body), None, "top", None, 0, False)
        yield idx, frame, module
        return
    fn = idx.funcs.get(entry.function)
    name = f"{module}.{entry.function}"
    if fn is not None:
        via = "command" if _is_command(fn) else "script"
        yield idx, _Frame(idx, fn, fn.node.body, None, via, None, 1, False), name
        for sub in _subcommands(idx, entry.function):
            yield idx, _Frame(idx, sub, sub.node.body, None, "command", None, 1, False), name
        return
    if _is_cli_app(idx, entry.function):
        for sub in _subcommands(idx, entry.function):
            yield idx, _Frame(idx, sub, sub.node.body, None, "command", None, 1, False), name


def _is_command(fn: FuncDef) -> bool:
    for deco in fn.node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if dotted(target).rpartition(".")[2] in COMMAND_DECORATORS:
            return True
    return False


def _subcommands(idx: ModuleIndex, owner: str) -> Iterator[FuncDef]:
    """Functions registered on a click group or typer app (``@cli.command()``)."""
    for fn in idx.funcs.values():
        for deco in fn.node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            head, _, last = dotted(target).rpartition(".")
            if head == owner and last in COMMAND_DECORATORS:
                yield fn
                break


def _is_cli_app(idx: ModuleIndex, name: str) -> bool:
    for value in idx.module_assigns.get(name, []):
        if isinstance(value, ast.Call) and idx.resolve(value.func).startswith(CLI_FACTORIES):
            return True
    return False


# -- the walk ----------------------------------------------------------------------------------


SERVER_RUNNERS = frozenset(
    {
        "uvicorn.run",
        "hypercorn.asyncio.serve",
        "hypercorn.trio.serve",
        "waitress.serve",
        "aiohttp.web.run_app",
        "werkzeug.serving.run_simple",
        "granian.Granian",
        "daphne.server.Server",
    }
)
"""Calls that make an entry point a server: it runs until stopped and has no exit
code to report a failed item with, so what it swallows is not a batch's failure."""


SERVING_METHODS = frozenset(
    {
        "serve_forever",
        "run_forever",
        "run_polling",
        "run_webhook",
        "start_polling",
        "infinity_polling",
        "loop_forever",
        "start_consuming",
    }
)
"""Methods of bot, broker and event-loop clients that serve until the process is stopped."""
BOT_CLIENTS = ("discord", "interactions", "hikari", "disnake", "nextcord", "slack_bolt")
"""Libraries whose client's ``run(token)`` / ``start(token)`` connects and serves forever."""
LISTEN_KEYWORDS = frozenset({"port", "host", "server_port", "server_name"})
"""``app.run(host=..., port=...)`` (Flask, Quart, Sanic, Dash, ``socketio.run``) and
``demo.launch(server_port=...)`` (Gradio): a call told where to listen starts a server,
whatever framework the object comes from."""


WORKER_LOOPS = {"work": "rq.", "result": "google.cloud.pubsub"}
"""Worker loops, by method and the library whose object has it: rq's
``Worker(...).work()``, Pub/Sub's ``subscriber.subscribe(...).result()`` (and arq's
``run_worker``) consume until stopped. A job's failure there goes to the library's own
registry or redelivery, not to the process's exit code."""


def _made_by(frame: _Frame, expr: ast.expr, library: str) -> bool:
    """Whether ``expr`` is (bound to) what a call of ``library`` returned, directly or as a
    method of such an object (``SubscriberClient().subscribe(...)``)."""
    idx = frame.idx
    for origin in idx.origins(expr, frame.fn):
        if not isinstance(origin, ast.Call):
            continue
        if idx.resolve(origin.func).startswith(library):
            return True
        if isinstance(origin.func, ast.Attribute) and any(
            isinstance(maker, ast.Call) and idx.resolve(maker.func).startswith(library)
            for maker in idx.origins(origin.func.value, frame.fn)
        ):
            return True
    return False


def _consumes_until_stopped(frame: _Frame, call: ast.Call) -> bool:
    """A worker loop of a job library (see `WORKER_LOOPS`); rq's ``work(burst=True)``
    ends when the queues are empty, so it still runs as a batch."""
    name = frame.idx.resolve(call.func)
    if name.startswith("arq.") and name.endswith("run_worker"):
        return True
    if not isinstance(call.func, ast.Attribute):
        return False
    library = WORKER_LOOPS.get(call.func.attr)
    if library is None or not _made_by(frame, call.func.value, library):
        return False
    return not any(
        k.arg == "burst" and not (isinstance(k.value, ast.Constant) and not k.value.value)
        for k in call.keywords
    )


def _starts_server(frame: _Frame, call: ast.Call) -> bool:
    idx = frame.idx
    name = idx.resolve(call.func)
    if name in SERVER_RUNNERS or name.endswith(".serve_forever"):
        return True
    if _consumes_until_stopped(frame, call):
        return True
    if not isinstance(call.func, ast.Attribute):
        return False
    attr = call.func.attr
    if attr in SERVING_METHODS:
        return True
    if attr in ("run", "start", "launch", "serve") and any(
        k.arg in LISTEN_KEYWORDS for k in call.keywords
    ):
        return True
    if attr not in ("run", "start"):
        return False
    return any(
        isinstance(origin, ast.Call) and idx.resolve(origin.func).split(".")[0] in BOT_CLIENTS
        for origin in idx.origins(call.func.value, frame.fn)
    )


INTERACTIVE_LIBRARIES = (
    "prompt_toolkit",
    "questionary",
    "InquirerPy",
    "inquirer",
    "readline",
    "curses",
    "urwid",
    "textual.app",
)
"""Libraries that read a person's keystrokes at a terminal."""


def _serves_until_it_fails(loop: ast.While) -> bool:
    """``while True:`` that nothing leaves but an error (a ``raise`` or ``sys.exit(1)``,
    never a ``break`` or ``return``): a daemon that watches or serves until it is stopped,
    restarted by its supervisor whatever its exit code, not a batch with items to fail."""
    if not (isinstance(loop.test, ast.Constant) and loop.test.value is True):
        return False

    for stmt in loop.body:
        for node in walk_scope(stmt):
            if isinstance(node, ast.Return):
                return False
            if isinstance(node, ast.Break) and not _inside_loop(stmt, node):
                return False
            if (
                isinstance(node, ast.Call)
                and dotted(node.func) in EXIT_CALLS
                and not (node.args and not _falsy(node.args[0]))
            ):
                return False  # a clean exit when the work is done: a batch that drains
    return True


def _falsy(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and not node.value


def _inside_loop(top: ast.stmt, target: ast.AST) -> bool:
    """Whether ``target`` sits in a loop nested in ``top`` (or ``top`` is a loop)."""
    for node in walk_scope(top):
        if isinstance(node, ast.For | ast.AsyncFor | ast.While) and any(
            n is target for n in walk_scope(node.body)
        ):
            return True
    return False


def _interactive(frame: _Frame) -> bool:
    """The entry reaches a module that reads a person's input at a terminal (a prompt,
    a line editor, a full-screen UI): an interactive program, whose user reads what a
    handler prints, not a batch whose failures only its exit code can report."""
    return any(
        full == lib or full.startswith(lib + ".")
        for full in frame.idx.imports.values()
        for lib in INTERACTIVE_LIBRARIES
    )


def _asks_the_user(frame: _Frame, call: ast.Call) -> bool:
    """``input()`` (the builtin, not a project function or a shadowing name)."""
    return (
        isinstance(call.func, ast.Name)
        and call.func.id == "input"
        and "input" not in frame.idx.funcs
        and "input" not in frame.idx.imports
        and not frame.idx.shadowed("input", frame.fn)
    )


def _walk(entry: BatchEntry, load: Loader) -> Iterator[_Found]:
    """What one entry loses; nothing when the entry turns out to start a server or to
    be an interactive program."""
    found: list[_Found] = []
    for hit in _walk_entry(entry, load):
        if hit is None:
            return
        found.append(hit)
    yield from found


def _walk_entry(entry: BatchEntry, load: Loader) -> Iterator[_Found | None]:
    seen: set[tuple[str, str, int]] = set()
    for _, root, name in _roots(entry, load):
        stack = [root]
        while stack and len(seen) < MAX_FRAMES:
            frame = stack.pop()
            # A function is judged once per call site: one caller may turn its failure
            # into the exit code and another lose it (two click commands calling a step).
            key = (frame.idx.path, frame.name, id(frame.call))
            if key in seen or _recursive(frame):
                continue
            seen.add(key)
            if _interactive(frame):
                yield None  # a person at a terminal, not a batch job
                return
            following = _following(frame.body)
            guards = _Guards(frame, load)
            for node, looped in _nodes(frame.body, frame.in_loop):
                if isinstance(node, ast.Try | ast.TryStar):
                    if best_effort_lookup(node, following.get(id(node), [])):
                        continue
                    if guards.deliberate(node):
                        continue
                    for handler in node.handlers:
                        logs = _logs_and_carries_on(handler)
                        if (
                            not logs
                            or _first_that_works(node, handler)
                            or _optional(frame, node, handler)
                        ):
                            continue
                        failure = _failure_of(handler, frame)
                        lost = _lost(frame, handler, load)
                        if lost:
                            yield _Found(
                                frame.idx,
                                frame,
                                handler,
                                logs,
                                failure,
                                lost,
                                looped,
                                name,
                                entry.how,
                            )
                elif isinstance(node, ast.While) and _serves_until_it_fails(node):
                    yield None  # a daemon: it runs until stopped or broken, no item fails
                    return
                elif isinstance(node, ast.Call) and frame.depth <= MAX_DEPTH:
                    if _starts_server(frame, node):
                        yield None  # a server, not a batch job
                        return
                    if _asks_the_user(frame, node):
                        yield None  # a person at a terminal, not a batch job
                        return
                    for callee in _callees(frame, node, looped, load):
                        callee.protected = frame.protected or guards.protects(node)
                        stack.append(callee)


class _Guards:
    """What makes a swallowing ``try`` of a frame a decision rather than a lost failure.

    - it sits in an ``except`` block: reporting a failure that is already being handled
      (``except: log; try: notify() except: log; return 1``);
    - the work around it is protected: it runs inside a ``try`` (here, or in a caller up
      the chain) whose broad handler fails the run, and it guards one step among others
      (a vector-store write after the SQL write): the author chose which failures fail
      the run, and this one does not.
    """

    def __init__(self, frame: _Frame, load: Loader) -> None:
        self.frame = frame
        self.load = load
        self.in_handlers: set[int] = set()
        self.tries: list[ast.Try | ast.TryStar] = []
        for node in walk_scope(frame.body):
            if isinstance(node, ast.Try | ast.TryStar):
                self.tries.append(node)
                for handler in node.handlers:
                    self.in_handlers.update(
                        id(n) for n in walk_scope(handler.body) if isinstance(n, ast.Try)
                    )
        self._signals: dict[int, bool] = {}
        self._inside: dict[int, set[int]] = {}

    def _nodes_in(self, attempt: ast.Try | ast.TryStar) -> set[int]:
        found = self._inside.get(id(attempt))
        if found is None:
            found = self._inside[id(attempt)] = {id(n) for n in walk_scope(attempt.body)}
        return found

    def _signalling(self, attempt: ast.Try | ast.TryStar) -> bool:
        known = self._signals.get(id(attempt))
        if known is None:
            known = self._signals[id(attempt)] = any(
                broad(h) and _fails_the_run(self.frame, h, self.load) for h in attempt.handlers
            )
        return known

    def protects(self, node: ast.AST) -> bool:
        """Whether ``node`` runs inside a ``try`` of this frame whose handler fails the run."""
        return any(id(node) in self._nodes_in(t) and self._signalling(t) for t in self.tries)

    def deliberate(self, attempt: ast.Try | ast.TryStar) -> bool:
        if id(attempt) in self.in_handlers:
            return True
        scopes: list[list[ast.stmt]] = [
            t.body
            for t in self.tries
            if t is not attempt and id(attempt) in self._nodes_in(t) and self._signalling(t)
        ]
        if self.frame.protected:
            scopes.append(self.frame.body)
        mine = {id(n) for n in walk_scope(attempt)}
        for scope in scopes:
            for node in walk_scope(scope):
                if (
                    isinstance(node, ast.Call)
                    and id(node) not in mine
                    and not _is_log_call(node)
                    and dotted(node.func) not in PURE_CALLS
                ):
                    return True  # other work around it: one step among others
        return False


def _fails_the_run(frame: _Frame, handler: ast.ExceptHandler, load: Loader) -> bool:
    for node in walk_scope(handler.body):
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and _exits(node)):
            return True
    values = [n for n in walk_scope(handler.body) if isinstance(n, ast.Return)]
    if not values and not _recorded(handler):
        return False
    return _lost(frame, handler, load) == ""


def _first_that_works(attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler) -> bool:
    """``for candidate in ...: try: return use(candidate) except: log; continue``: one
    candidate failing is the search going on, not the run failing."""
    returns = any(isinstance(n, ast.Return) for n in walk_scope(attempt.body))
    moves_on = any(isinstance(n, ast.Continue) for n in walk_scope(handler.body))
    return returns and moves_on


def _optional(frame: _Frame, attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler) -> bool:
    """``try: self.model = load() / except: log``, and elsewhere ``if not self.model:``:
    what the ``try`` would have bound is optional, and its absence is checked where used."""
    if _recorded(handler) or any(isinstance(n, ast.Return) for n in walk_scope(handler.body)):
        return False
    bound: set[str] = set()
    for stmt in attempt.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                bound |= _target_names(target)
    if not bound:
        return False
    attrs = {n.partition(".")[2] for n in bound if n.startswith("self.")}
    names = {n for n in bound if "." not in n}
    scope: list[ast.AST] = [frame.idx.tree] if attrs else list(frame.body)
    inside = {id(n) for n in ast.walk(attempt)}
    for root in scope:
        for node in ast.walk(root):
            if id(node) in inside:
                continue  # a test in the ``try`` itself checks what was bound, not its absence
            tests: list[ast.expr] = []
            if isinstance(node, ast.If | ast.While | ast.IfExp):
                tests = [node.test]
            elif isinstance(node, ast.BoolOp):
                tests = list(node.values[:-1])
            for test in tests:
                for sub in ast.walk(test):
                    if isinstance(sub, ast.Name) and sub.id in names:
                        return True
                    if (
                        isinstance(sub, ast.Attribute)
                        and sub.attr in attrs
                        and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self"
                    ):
                        return True
    return False


MAX_FRAMES = 2000
"""Call sites followed from one entry (depth is bounded too, by `MAX_DEPTH`)."""


def _recursive(frame: _Frame) -> bool:
    up = frame.parent
    while up is not None:
        if up.fn is frame.fn and up.idx is frame.idx:
            return True
        up = up.parent
    return False


def _nodes(body: list[ast.stmt], in_loop: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Nodes of a body with whether they run per item; a ``while True`` body is left
    out: a process that loops forever is a daemon, its exit code says nothing."""
    stack: list[tuple[ast.AST, bool]] = [(s, in_loop) for s in reversed(body)]
    while stack:
        node, looped = stack.pop()
        if isinstance(node, SCOPE_NODES):
            continue
        if isinstance(node, ast.While) and _forever(node):
            yield node, looped  # the loop itself, not its body (see `_serves_until_it_fails`)
            continue
        yield node, looped
        inner = looped or isinstance(node, LOOPS)
        stack.extend((c, inner) for c in reversed(child_nodes(node)))


LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


DAEMON_CALLS = frozenset({"sleep", "wait", "serve_forever", "run_forever", "select", "poll"})


def _forever(loop: ast.While) -> bool:
    """A loop that serves rather than finishes: ``while True``, or one that consumes a
    queue (``brpop``, ``pull``) or waits (``sleep``, ``event.wait``) until told to stop."""
    if isinstance(loop.test, ast.Constant) and bool(loop.test.value):
        return True
    for node in walk_scope(loop.body):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name in CONSUME_METHODS or name in DAEMON_CALLS:
                return True
    return False


def _callees(frame: _Frame, call: ast.Call, looped: bool, load: Loader) -> Iterator[_Frame]:
    idx, fn = frame.idx, frame.fn
    depth = frame.depth + 1
    found = _callee(idx, call, fn, load)
    if found is not None:
        other, target = found
        via = "command" if _is_command(target) else "call"
        yield _Frame(other, target, target.node.body, call, via, frame, depth, looped)
        for home, wrapper, bindings in _wrappers(other, target, load):
            yield _Frame(
                home, wrapper, wrapper.node.body, call, "call", frame, depth, looped,
                bindings=bindings,
            )  # fmt: skip
        if via == "command":
            for sub in _subcommands(other, target.qualname):
                yield _Frame(other, sub, sub.node.body, None, "command", None, depth, looped)
        return
    if isinstance(call.func, ast.Name) and _is_cli_app(idx, call.func.id):
        for sub in _subcommands(idx, call.func.id):
            yield _Frame(idx, sub, sub.node.body, None, "command", None, depth, looped)
        return
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    ref: ast.expr | None = None
    if attr in EXECUTOR_FIRST_ARG and call.args:
        ref = call.args[0]
    elif attr in THREAD_OFFLOAD:
        pos = 1 if attr == "run_in_executor" else 0
        ref = call.args[pos] if len(call.args) > pos else None
    if ref is None or isinstance(ref, ast.Call):
        return
    target_of = _callee(idx, ast.Call(func=ref, args=[], keywords=[]), fn, load) or _function(
        idx, ref, fn, load
    )
    if target_of is not None:
        other, target = target_of
        per_item = looped or attr in EXECUTOR_FIRST_ARG
        yield _Frame(other, target, target.node.body, call, "executor", frame, depth, per_item)


# -- the handler -------------------------------------------------------------------------------


def _logs_and_carries_on(handler: ast.ExceptHandler) -> str:
    """The log call of a broad handler that neither raises nor exits, else ''."""
    if not broad(handler):
        return ""
    logs = ""
    for node in walk_scope(handler.body):
        if isinstance(node, ast.Raise):
            return ""
        if isinstance(node, ast.Call):
            if _is_log_call(node):
                logs = logs or dotted(node.func)
            elif _exits(node) or _names_failure(node):
                return ""
    return logs


def _failure_of(handler: ast.ExceptHandler, frame: _Frame) -> str:
    for node in walk_scope(handler.body):
        if isinstance(node, ast.Return):
            if node.value is None:
                return "returns"
            text = ast.unparse(node.value)
            said = f"returns `{text if len(text) <= 40 else text[:39] + '…'}`"
            bound = _bound(frame, node.value)
            if bound is not node.value and bound is not None:
                given = ast.unparse(bound)
                said += f" ({given if len(given) <= 40 else given[:39] + '…'} here)"
            return said
    names = sorted(_recorded(handler))
    if names:
        return "records it in " + ", ".join(f"`{n}`" for n in names[:3])
    return "carries on"


def _exits(call: ast.Call) -> bool:
    """``sys.exit(...)`` / ``os._exit(...)`` with anything but a constant success."""
    if dotted(call.func) not in EXIT_CALLS:
        return False
    if not call.args:
        return False
    arg = call.args[0]
    return not (isinstance(arg, ast.Constant) and not arg.value)


def _names_failure(call: ast.Call) -> bool:
    """A call named for failure (``mark_failed(doc)``, ``report_error(...)``), not a log call."""
    if _is_log_call(call):
        return False
    last = dotted(call.func).rpartition(".")[2]
    if not last and isinstance(call.func, ast.Attribute):
        last = call.func.attr
    return bool(FAILURE_WORD.search(last))


# -- def-use: does the failure reach the exit code? --------------------------------------------


def _lost(frame: _Frame, handler: ast.ExceptHandler, load: Loader) -> str:
    """'' when the failure reaches the exit code; else where it ends, for the summary.

    Up the call chain the failure travels as the callee's result (the call expression)
    and as the object state a method set (``self.failed``, read as ``job.failed``)."""
    values = [n for n in walk_scope(handler.body) if isinstance(n, ast.Return)]
    returns = any(_failure_value(_bound(frame, r.value), handler.name) for r in values)
    seeds = _recorded(handler)
    if values and not returns and not seeds:
        return ""  # a fallback value (``return []``, ``return default``): not a failure
    if not returns and not seeds:
        if _assigned(handler.body):
            return ""  # a fallback binding (``date = today``)
        return f"{frame.label} drops it"
    taint = _Taint(frame, seeds, None, load)
    current = frame
    while True:
        outcome = taint.outcome()
        if outcome == "signals":
            return ""
        returned = outcome == "returns" or (returns and current is frame)
        state = _attribute_seeds(taint.names) | _shared_names(current, taint.names)
        if returned and current.via == "script":
            return ""  # a console script's wrapper exits with what its function returns
        if returned and current.via == "command":
            return f"{current.label} returns it to click/typer, which ignore a command's value"
        parent = current.parent
        if parent is None or (not returned and not state):
            if returned:
                return f"{current.label} returns it and nothing reads it"
            return taint.where()
        if returned and current.call is not None and _defaulted(parent.body, current.call):
            return ""  # ``load(path) or DEFAULTS``: a fallback, not a failure
        taint = _Taint(parent, state, current.call if returned else None, load)
        current = parent


def _bound(frame: _Frame, value: ast.expr | None) -> ast.expr | None:
    """A wrapper's ``return default``: the value its decoration gave ``default``."""
    if isinstance(value, ast.Name) and value.id in frame.bindings:
        return frame.bindings[value.id]
    return value


def _defaulted(body: list[ast.stmt], call: ast.AST) -> bool:
    """Whether the caller replaces a failed result with a default: ``f() or DEFAULT``."""
    for node in walk_scope(body):
        if (
            isinstance(node, ast.BoolOp)
            and isinstance(node.op, ast.Or)
            and node.values[0] is call
            and len(node.values) > 1
        ):
            return True
    return False


def _failure_value(expr: ast.expr | None, exc_name: str | None) -> bool:
    """A value that says "failed": nothing, ``False``/``None``/a negative number, the
    exception, or a structure holding one of those or a failure word (``{"error": ...}``,
    ``(False, str(exc))``, ``Result(ok=False)``)."""
    if expr is None:
        return True
    for node in walk_scope(expr):
        if isinstance(node, ast.Constant):
            value = node.value
            if value is None or value is False:
                return True
            if isinstance(value, str) and FAILURE_WORD.search(value):
                return True
        if _failure_node(node, exc_name):
            return True
    return False


def _failure_node(node: ast.AST, exc_name: str | None) -> bool:
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.USub)
    if isinstance(node, ast.Name):
        return bool(exc_name) and node.id == exc_name
    if isinstance(node, ast.keyword):
        return bool(node.arg and FAILURE_WORD.search(node.arg))
    return False


def _recorded(handler: ast.ExceptHandler) -> set[str]:
    """Where a handler records the failure: a counter (``failed += 1``), a container
    (``errors.append(doc)``), or a name set to a failure value (``ok = False``)."""
    out: set[str] = set()
    for node in walk_scope(handler.body):
        if isinstance(node, ast.AugAssign):
            out.update(_target_names(node.target))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and _failure_value(
            node.value, handler.name
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                out.update(_target_names(target))
        elif isinstance(node, ast.Call) and _mutates(node) and not _is_log_call(node):
            assert isinstance(node.func, ast.Attribute)
            name = dotted(node.func.value)
            if name:
                out.add(name)
    return out


def _assigned(body: list[ast.stmt]) -> set[str]:
    """Names a block binds or fills (``failed += 1``, ``errors.append(doc)``, ``self.n = 0``)."""
    out: set[str] = set()
    for node in walk_scope(body):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                out.update(_target_names(target))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
            out.update(_target_names(node.target))
        elif isinstance(node, ast.Call) and _mutates(node):
            assert isinstance(node.func, ast.Attribute)
            name = dotted(node.func.value)
            if name:
                out.add(name)
    return out


def _target_names(target: ast.AST) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Attribute):
        name = dotted(target)
        return {name} if name else set()
    if isinstance(target, ast.Subscript):
        return _target_names(target.value)
    if isinstance(target, ast.Tuple | ast.List):
        out: set[str] = set()
        for elt in target.elts:
            out |= _target_names(elt.value if isinstance(elt, ast.Starred) else elt)
        return out
    return set()


def _mutates(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr in MUTATORS


def _shared_names(frame: _Frame, names: set[str]) -> set[str]:
    """Names a nested function writes in its caller's scope: ``nonlocal failed`` in a
    closure its definer calls (``async def one(...)`` gathered by ``run``), ``global``
    state any caller may read. The caller reads them as its own names."""
    fn = frame.fn
    parent = frame.parent
    if fn is None or parent is None:
        return set()
    out: set[str] = set()
    enclosed = parent.fn is not None and fn.parent == parent.fn.qualname
    for node in walk_scope(fn.node.body):
        if isinstance(node, ast.Global) or (isinstance(node, ast.Nonlocal) and enclosed):
            out.update(n for n in node.names if n in names)
    return out


def _attribute_seeds(names: set[str]) -> set[str]:
    """``self.failed`` set in a method is read as ``job.failed`` by its caller."""
    return {"." + n.rpartition(".")[2] for n in names if n.startswith(("self.", "."))}


class _Taint:
    """Values in one function that carry the failure: def-use to a fixpoint, flow-insensitive
    (more taint only ever means more paths to the exit code, so fewer findings)."""

    def __init__(self, frame: _Frame, seeds: set[str], call: ast.AST | None, load: Loader):
        self.frame = frame
        self.names = set(seeds)
        self.call = call
        self.load = load
        self.nodes = [n for n in _scope_nodes(frame.body)]
        self._spread()

    def hit(self, expr: ast.AST | None) -> bool:
        if expr is None:
            return False
        for node in walk_scope(expr):
            if node is self.call:
                return True
            if isinstance(node, ast.Name) and node.id in self.names:
                return True
            if isinstance(node, ast.Attribute):
                name = dotted(node)
                if name in self.names or "." + node.attr in self.names:
                    return True
        return False

    def _spread(self) -> None:
        for _ in range(12):
            before = len(self.names)
            for node in self.nodes:
                self._step(node)
            if len(self.names) == before:
                return

    def _step(self, node: ast.AST) -> None:
        add = self.names.update
        if isinstance(node, ast.Assign):
            if self.hit(node.value):
                for target in node.targets:
                    add(_target_names(target))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
            if node.value is not None and self.hit(node.value):
                add(_target_names(node.target))
        elif isinstance(node, ast.For | ast.AsyncFor):
            if self.hit(node.iter):
                add(_target_names(node.target))
            if self._breaks_on_failure(node.body):
                add(_assigned(node.body))  # what follows a ``continue`` depends on it too
        elif isinstance(node, ast.While):
            if self.hit(node.test):
                add(_assigned(node.body))
            if self._breaks_on_failure(node.body):
                add(_assigned(node.body))
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None and self.hit(item.context_expr):
                    add(_target_names(item.optional_vars))
        elif isinstance(node, ast.If):
            if self.hit(node.test):
                add(_assigned(node.body) | _assigned(node.orelse))
        elif isinstance(node, ast.Call) and _mutates(node):
            assert isinstance(node.func, ast.Attribute)
            if any(self.hit(a) for a in [*node.args, *(k.value for k in node.keywords)]):
                name = dotted(node.func.value)
                if name:
                    add({name})

    def _breaks_on_failure(self, body: list[ast.stmt]) -> bool:
        for node in walk_scope(body):
            if (
                isinstance(node, ast.If)
                and self.hit(node.test)
                and any(isinstance(n, ast.Continue | ast.Break) for n in walk_scope(node.body))
            ):
                return True
        return False

    def outcome(self) -> str:
        """``signals`` (reaches a raise or the exit code), ``returns`` (the function's
        result carries it), or '' (it ends here)."""
        returns = False
        for node in self.nodes:
            if isinstance(node, ast.Raise):
                if self.hit(node.exc):
                    return "signals"
            elif isinstance(node, ast.Assert):
                if self.hit(node.test):
                    return "signals"
            elif isinstance(node, ast.If | ast.While | ast.IfExp):
                if self.hit(node.test):
                    branch = [node.body, node.orelse]
                    inner = [n for b in branch for n in walk_scope(b)]
                    if any(self._stops(n) for n in inner):
                        return "signals"
                    returns = returns or any(isinstance(n, ast.Return) for n in inner)
            elif isinstance(node, ast.Call):
                args = [*node.args, *(k.value for k in node.keywords)]
                if dotted(node.func) in EXIT_CALLS and any(self.hit(a) for a in args):
                    return "signals"
                if any(self.hit(a) for a in args) and self._reports(node):
                    return "signals"
            elif isinstance(node, ast.Return | ast.Yield | ast.YieldFrom) and self.hit(node.value):
                returns = True
        return "returns" if returns else ""

    def _stops(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Raise):
            return True
        return isinstance(node, ast.Call) and (_exits(node) or _names_failure(node))

    def _reports(self, call: ast.Call) -> bool:
        """A call the failure is handed to that may turn it into one: named for failure,
        or a project function that raises or exits."""
        if _is_log_call(call) or dotted(call.func) in PURE_CALLS:
            return False
        if _names_failure(call) or ALERTING.search(dotted(call.func)) or self._alerts(call):
            return True
        if isinstance(call.func, ast.Attribute) and self.hit(call.func.value):
            return False  # a method of the value itself (``results.count(False)``)
        found = _callee(self.frame.idx, call, self.frame.fn, self.load)
        if found is None:
            return False
        body = found[1].node.body
        return any(
            isinstance(n, ast.Raise) or (isinstance(n, ast.Call) and _exits(n))
            for n in walk_scope(body)
        )

    def _alerts(self, call: ast.Call) -> bool:
        """A method of a metric or alerting client (``failed_gauge.set(n)`` where
        ``failed_gauge = Gauge(...)``)."""
        if not isinstance(call.func, ast.Attribute):
            return False
        for origin in self.frame.idx.origins(call.func.value, self.frame.fn):
            if isinstance(origin, ast.Call):
                made_by = self.frame.idx.resolve(origin.func) or dotted(origin.func)
                if ALERTING.search(made_by) or made_by.startswith(METRIC_LIBRARIES):
                    return True
        return False

    def where(self) -> str:
        kept = sorted(n for n in self.names if not n.startswith("."))
        name = self.frame.label
        if kept:
            return f"{name} only keeps it in " + ", ".join(f"`{n}`" for n in kept[:3])
        return f"{name} drops it"


def _scope_nodes(body: list[ast.stmt]) -> list[ast.AST]:
    return list(walk_scope(body))
