"""Exceptions swallowed in job code: the handler logs, and the job reports success.

An ``except Exception:`` that logs and carries on is reasonable in a web handler
and fatal to a queue's bookkeeping: RQ, Celery and Pub/Sub learn that a job failed
only when it raises (or nacks). So the handlers that matter are those reached from
job code: functions enqueued (``queue.enqueue(f)``, ``"pkg.mod.f"``), decorated as
tasks (``@job``, ``@app.task``, ``@shared_task``, ``@dramatiq.actor``), called
with ``.delay``, registered as Pub/Sub callbacks, or run in a consume loop; and
what they call, across modules, through imported functions and the classes they
instantiate (def-use), to `MAX_DEPTH`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import SWALLOWED_EXCEPTION, make_site
from opsdoc.sources.code.pyindex import (
    SCOPE_NODES,
    FuncDef,
    ModuleIndex,
    child_nodes,
    const_str,
    dotted,
    kwarg,
    walk_scope,
)
from opsdoc.sources.code.subscribers import pubsub_callback
from opsdoc.sources.code.waits import consumes

MAX_DEPTH = 3
Loader = Callable[[str], ModuleIndex | None]

ENQUEUE_FIRST_ARG = frozenset({"enqueue", "enqueue_call"})
ENQUEUE_SECOND_ARG = frozenset({"enqueue_in", "enqueue_at"})
DISPATCH_METHODS = frozenset({"delay", "apply_async", "send", "send_with_options", "s", "si"})
TASK_DECORATORS = frozenset({"job", "task", "shared_task", "actor", "periodic_task", "db_task"})
LOG_METHODS = frozenset({"error", "exception", "warning", "warn", "critical", "fatal", "log"})
FAILURE_WORD = re.compile(r"fail|error|nack|retry|abort|dead", re.I)
EXIT_CALLS = frozenset({"sys.exit", "os._exit", "exit", "quit"})


@dataclass(frozen=True)
class Entry:
    idx: ModuleIndex
    fn: FuncDef
    mechanism: str
    body: tuple[ast.stmt, ...] = ()
    """For a worker loop: only the loop's body runs per job."""


@dataclass(frozen=True)
class Swallow:
    idx: ModuleIndex
    fn: FuncDef
    handler: ast.ExceptHandler
    logs: str
    in_loop: bool
    entry: Entry
    isolated: str = ""
    """``per-item`` (`isolates_items`): the job's own work is done, and one failing item of
    the fan-out that ends it is logged and skipped. ``handlers`` (`isolates_handlers`):
    one failing callback of a registry is logged and the others still run, beside the
    job's own work."""


def swallowed_exceptions(modules: Iterable[ModuleIndex], load: Loader) -> list[CodeSite]:
    found: dict[tuple[str, int], Swallow] = {}
    isolated: dict[tuple[str, int], str] = {}
    for entry in _entries(modules, load):
        for hit in _walk(entry, load):
            key = (hit.idx.path, hit.handler.lineno)
            found.setdefault(key, hit)
            # isolated only when every path to the handler isolates it
            before = isolated.get(key, hit.isolated)
            isolated[key] = max(before, hit.isolated) if before and hit.isolated else ""
    out = []
    for key, hit in sorted(found.items()):
        exc = dotted(hit.handler.type) if hit.handler.type is not None else "bare"
        attrs = {
            "exception": exc,
            "handler_logs": hit.logs,
            "in_loop": str(hit.in_loop).lower(),
            "entry": f"{hit.entry.idx.module}.{hit.entry.fn.qualname}",
            "mechanism": hit.entry.mechanism,
        }
        if isolated[key]:
            attrs["isolation"] = isolated[key]
        out.append(
            make_site(
                SWALLOWED_EXCEPTION,
                hit.idx.path,
                hit.handler.lineno,
                hit.idx.lines,
                hit.fn.qualname,
                attrs,
            )
        )
    return out


# -- entries -----------------------------------------------------------------------------------


def _entries(modules: Iterable[ModuleIndex], load: Loader) -> Iterator[Entry]:
    for idx in modules:
        for fn in idx.funcs.values():
            for deco in fn.node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                last = dotted(target).rpartition(".")[2]
                if last in TASK_DECORATORS and not _is_route(idx, target):
                    yield Entry(idx, fn, "task-decorator")
                    break
                if idx.resolve(target) in EVENT_FUNCTIONS:
                    yield Entry(idx, fn, "event-function")
                    break
                if last in ROUTE_DECORATORS and reads_push_envelope(fn.node):
                    yield Entry(idx, fn, "push-handler")
                    break
        if not _may_dispatch(idx):
            continue
        scopes: list[FuncDef | None] = [None, *idx.funcs.values()]
        for scope in scopes:
            for node in idx.nodes_of(scope):
                if isinstance(node, ast.Call):
                    yield from _call_entries(idx, node, scope, load)
                elif (
                    isinstance(node, ast.While)
                    and scope is not None
                    and _consumes(node)
                    and not _serves_connection(idx, scope, node)
                ):
                    yield Entry(idx, scope, "worker-loop", tuple(node.body))


EVENT_FUNCTIONS = frozenset({"functions_framework.cloud_event"})
"""Functions a platform calls once per event (a Pub/Sub message through Eventarc or a
Cloud Functions trigger): a failure they swallow is an event acknowledged as handled."""
ROUTE_DECORATORS = frozenset({"route", "post", "api_route", "put"})
_ENVELOPE_KEYS = frozenset({"data", "messageId", "message_id", "attributes"})


def reads_push_envelope(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A route that unpacks a Pub/Sub push envelope (``body["message"]["data"]``,
    ``envelope.get("message")`` then its ``data`` or ``messageId``): each request is a
    message delivered, and a 2xx answer acknowledges it whether or not it was handled."""
    keys: set[str] = set()
    for node in ast.walk(fn):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript):
            key = node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
        ):
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
    return "message" in keys and bool(keys & _ENVELOPE_KEYS)


ENTRY_ATTRS = ENQUEUE_FIRST_ARG | ENQUEUE_SECOND_ARG | DISPATCH_METHODS | {"subscribe"}
"""Methods whose call can be an entry (`_call_entries` looks at no other)."""


def may_start_jobs(idx: ModuleIndex) -> bool:
    """Whether `_entries` can find an entry in this module, answered without looking at
    any other module: a task decorator, a call of an `ENTRY_ATTRS` method, or a consume
    loop. True whenever `_entries` yields one (the code scan hands only these modules
    to `swallowed_exceptions`, so that it need not keep every module's tree)."""
    for fn in idx.funcs.values():
        for deco in fn.node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            last = dotted(target).rpartition(".")[2]
            if last in TASK_DECORATORS or idx.resolve(target) in EVENT_FUNCTIONS:
                return True
            if last in ROUTE_DECORATORS and reads_push_envelope(fn.node):
                return True
    if not _may_dispatch(idx):
        return False
    scopes: list[FuncDef | None] = [None, *idx.funcs.values()]
    for scope in scopes:
        for node in idx.nodes_of(scope):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute) and node.func.attr in ENTRY_ATTRS:
                    return True
            elif isinstance(node, ast.While) and scope is not None and _consumes(node):
                return True
    return False


ENTRY_WORDS = ("enqueue", "delay", "apply_async", "send", "subscribe", "while")
ENTRY_SIGNATURE = re.compile(r"\.\s*si?\b")
"""Text without which a module can hold no call or loop entry (names of `_call_entries`)."""


def _may_dispatch(idx: ModuleIndex) -> bool:
    """Skips the walk of modules that cannot start a job (most of a large project).

    Substring tests first: an alternation regex would test every byte of the module.
    """
    text = idx.text
    return any(w in text for w in ENTRY_WORDS) or ENTRY_SIGNATURE.search(text) is not None


def _is_route(idx: ModuleIndex, target: ast.expr) -> bool:
    return idx.resolve(target).split(".")[0] in ("fastapi", "flask", "discord", "pytest")


def _consumes(loop: ast.While) -> bool:
    return any(isinstance(node, ast.Call) and consumes(node) for node in walk_scope(loop.body))


CONNECTS = frozenset({"connect", "ws_connect"})
"""Calls that open a connection of the code's own (``websockets.connect``, aiohttp's
``ws_connect``, a live model session's ``connect``): what it receives is a stream."""


def _serves_connection(idx: ModuleIndex, fn: FuncDef, loop: ast.While) -> bool:
    """The loop receives from the WebSocket a server handler was given (a parameter
    annotated ``WebSocket``, or aiohttp's ``WebSocketResponse``), or from a connection the
    code opened (``async with client.connect(...) as session`` then ``session.receive()``):
    it serves one client's connection or one streaming session, and a send that fails
    because the other end left is no job lost. A broker's queue is received from through
    its own client (``queue.receive``, ``pull``, ``blpop``), never through a connect call."""
    for node in walk_scope(loop.body):
        if not (isinstance(node, ast.Call) and consumes(node)):
            continue
        assert isinstance(node.func, ast.Attribute)  # what `consumes` accepts
        for origin in idx.origins(node.func.value, fn):
            if isinstance(origin, ast.Call) and "WebSocket" in dotted(origin.func):
                return True
            if (
                node.func.attr == "receive"
                and isinstance(origin, ast.Call)
                and dotted(origin.func).rpartition(".")[2] in CONNECTS
            ):
                return True
            if isinstance(origin, ast.Name) and "WebSocket" in _annotation(fn, origin.id):
                return True
    return False


def _annotation(fn: FuncDef, name: str) -> str:
    args = fn.node.args
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        if arg.arg == name and arg.annotation is not None:
            return dotted(arg.annotation) or ast.unparse(arg.annotation)
    return ""


def _call_entries(
    idx: ModuleIndex, call: ast.Call, scope: FuncDef | None, load: Loader
) -> Iterator[Entry]:
    if not isinstance(call.func, ast.Attribute):
        return
    attr = call.func.attr
    target: ast.expr | None = None
    mechanism = ""
    if attr in ENQUEUE_FIRST_ARG:
        target = kwarg(call, "func") or kwarg(call, "f") or (call.args[0] if call.args else None)
        mechanism = "enqueue"
    elif attr in ENQUEUE_SECOND_ARG and len(call.args) >= 2:
        target, mechanism = call.args[1], "enqueue"
    elif attr in DISPATCH_METHODS:
        target, mechanism = call.func.value, "delay"
    elif attr == "subscribe":
        target, mechanism = pubsub_callback(idx, call, scope), "pubsub-callback"
    if target is None:
        return
    found = _function(idx, target, scope, load)
    if found is not None:
        yield Entry(found[0], found[1], mechanism)


def _function(
    idx: ModuleIndex, target: ast.expr, scope: FuncDef | None, load: Loader
) -> tuple[ModuleIndex, FuncDef] | None:
    """The project function an expression (or a ``"pkg.mod.func"`` string) names.

    A callback is often not named but made: ``make_callback(settings)`` returning its
    nested ``def``, ``functools.partial(handle, db)``, or ``lambda m: handle(m, db)``.
    Those are followed to the function that will run per message.
    """
    if isinstance(target, ast.Lambda):
        body = target.body
        return _function(idx, body.func, scope, load) if isinstance(body, ast.Call) else None
    if isinstance(target, ast.Call):
        return _made_by(idx, target, scope, load)
    text = const_str(target)
    if text is not None:
        return _by_dotted(text, load) if "." in text else None
    if isinstance(target, ast.Name | ast.Attribute):
        local = idx.local_callee(ast.Call(func=target, args=[], keywords=[]), scope)
        if local is not None:
            return idx, local
        head = dotted(target).split(".")[0]
        if head in idx.imports:
            return _by_dotted(idx.resolve(target), load)
    return None


def _made_by(
    idx: ModuleIndex, call: ast.Call, scope: FuncDef | None, load: Loader
) -> tuple[ModuleIndex, FuncDef] | None:
    """The function a factory call returns (a nested ``def``), or that ``partial`` wraps."""
    if dotted(call.func).rpartition(".")[2] == "partial":
        return _function(idx, call.args[0], scope, load) if call.args else None
    if not isinstance(call.func, ast.Name | ast.Attribute):
        return None
    factory = _function(idx, call.func, scope, load)
    if factory is None:
        return None
    home, fn = factory
    nested = _returned_nested(home, fn)
    return (home, nested) if nested is not None else None


def _by_dotted(ref: str, load: Loader) -> tuple[ModuleIndex, FuncDef] | None:
    parts = ref.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        other = load(".".join(parts[:cut]))
        if other is None:
            continue
        fn = other.funcs.get(".".join(parts[cut:]))
        return (other, fn) if fn is not None else None
    return None


# -- reachability ------------------------------------------------------------------------------


def _walk(entry: Entry, load: Loader) -> Iterator[Swallow]:
    seen: set[tuple[str, str, _GoesOn]] = set()
    body = list(entry.body) or entry.fn.node.body
    # (module, function, statements, in a loop, depth, at the job's tail, after its own
    # work, the job goes on with other work once this function returns: whatever it
    # returns / without reading what it returns)
    stack: list[tuple[ModuleIndex, FuncDef, list[ast.stmt], bool, int, bool, bool, _GoesOn]] = [
        (entry.idx, entry.fn, body, bool(entry.body), 0, not entry.body, False, (False, False))
    ]
    while stack:
        idx, fn, stmts, in_loop, depth, tail, worked, goes_on = stack.pop()
        key = (idx.path, fn.qualname, goes_on)  # each way of reaching it is judged
        if key in seen:
            continue
        seen.add(key)
        following = _following(stmts)
        flow = _Flow(stmts)
        fails = _Propagates(idx, fn, load)
        at_end = flow if tail else None  # per-item isolation is only ever at the job's tail
        for node, looped in _nodes(stmts, in_loop):
            if isinstance(node, ast.Try | ast.TryStar):
                if depth == 0 and entry.mechanism == "worker-loop" and not _acks_anyway(node, body):
                    # A consume loop that logs and carries on without acknowledging
                    # the message gets it redelivered: supervision, not a lost job.
                    continue
                if best_effort_lookup(node, following.get(id(node), [])):
                    continue
                if records_failure(node) or cleans_up(node) or writes_expiring(node):
                    continue
                if probes(node, fn):
                    continue
                if depth and FAILURE_HELPER.search(fn.node.name):
                    continue  # a helper the job calls to record its failure
                isolated: str | None = None
                for handler in node.handlers:
                    logs = swallows(handler, node, _LogHelpers(idx, fn, load), fn.node)
                    if not logs or carries_failure(idx, fn, node, handler, load):
                        continue
                    if secondary_step(idx, fn, node, handler, load):
                        break
                    if isolated is None:
                        isolated = (
                            "per-item"
                            if at_end is not None and isolates_items(at_end, node, worked)
                            else "handlers"
                            if isolates_handlers(idx, fn, node)
                            else "step"
                            if not looped and _step(fn, flow, node, stmts, goes_on, fails)
                            else ""
                        )
                    yield Swallow(idx, fn, handler, logs, looped, entry, isolated)
            elif isinstance(node, ast.Call) and depth < MAX_DEPTH:
                callee = _callee(idx, node, fn, load)
                if callee is not None:
                    other, target = callee
                    at_tail = at_end is not None and at_end.last_work(node)
                    after_work = at_tail and (worked or bool(at_end and at_end.work_before(node)))
                    holder = flow.holder.get(id(node))
                    frame = (
                        other,
                        target,
                        target.node.body,
                        looped,
                        depth + 1,
                        at_tail,
                        after_work,
                        (
                            goes_on[0] or flow.goes_on(node, set(), fails),
                            goes_on[1]
                            or (
                                holder is not None and flow.goes_on(node, _bound_by(holder), fails)
                            ),
                        ),
                    )
                    stack.append(frame)
                    for home, wrapper, _ in _wrappers(other, target, load):
                        stack.append((home, wrapper, wrapper.node.body, *frame[3:]))


def _wrappers(
    idx: ModuleIndex, fn: FuncDef, load: Loader
) -> Iterator[tuple[ModuleIndex, FuncDef, dict[str, ast.expr]]]:
    """The project's wrapper functions a call of ``fn`` really runs: for ``@guarded(step=...)``
    or ``@guarded``, the function the decorator returns (``guarded`` returns ``wrap``,
    which returns ``inner``), followed through returned nested definitions. A ``try``
    there that logs and returns a default swallows every decorated function's failure.
    Each comes with what the decoration binds the factory's parameters to
    (``default=None``), so ``return default`` in the wrapper reads as ``return None``."""
    for deco in fn.node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if not isinstance(target, ast.Name | ast.Attribute):
            continue
        found = _callee(idx, ast.Call(func=target, args=[], keywords=[]), None, load)
        if found is None:
            continue
        mod, current = found
        bindings = decoration_bindings(current, deco) if isinstance(deco, ast.Call) else {}
        for _ in range(3):  # decorator, decorator factory, one more level
            returned = _returned_nested(mod, current)
            if returned is None:
                break
            current = returned
        if current is not found[1]:
            yield mod, current, bindings


def decoration_bindings(factory: FuncDef, deco: ast.Call) -> dict[str, ast.expr]:
    """The values a decorator factory's parameters take at one decoration: the arguments
    given (``@guarded("summarise", default=None)``), else the parameters' defaults."""
    args = factory.node.args
    positional = [*args.posonlyargs, *args.args]
    out: dict[str, ast.expr] = {}
    defaults = [*([None] * (len(positional) - len(args.defaults))), *args.defaults]
    for param, default in zip(positional, defaults, strict=True):
        if default is not None:
            out[param.arg] = default
    for param, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if kw_default is not None:
            out[param.arg] = kw_default
    for param, value in zip(positional, deco.args, strict=False):
        out[param.arg] = value
    for kw in deco.keywords:
        if kw.arg is not None:
            out[kw.arg] = kw.value
    return out


def _returned_nested(idx: ModuleIndex, fn: FuncDef) -> FuncDef | None:
    """The nested function ``fn`` returns by name (``return inner``), if any."""
    for node in walk_scope(fn.node.body):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            nested = idx.funcs.get(f"{fn.qualname}.{node.value.id}")
            if nested is not None:
                return nested
    return None


# -- per-item isolation -----------------------------------------------------------------------


LOCAL_FILLS = frozenset({"append", "extend", "add", "update", "insert", "setdefault", "sort"})
"""Methods that fill a local collection: building what a loop will go over is not work."""


class _Flow:
    """Where a node sits in a function's statements: what runs before and after it."""

    def __init__(self, stmts: list[ast.stmt]) -> None:
        self.block: dict[int, tuple[list[ast.stmt], int]] = {}
        """id(statement) -> (its block, its index there)."""
        self.parent: dict[int, ast.stmt] = {}
        """id(statement) -> the compound statement whose block holds it."""
        self.holder: dict[int, ast.stmt] = {}
        """id(expression node) -> the innermost statement holding it."""
        blocks: list[tuple[list[ast.stmt], ast.stmt | None]] = [(stmts, None)]
        while blocks:
            block, outer = blocks.pop()
            for i, stmt in enumerate(block):
                self.block[id(stmt)] = (block, i)
                if outer is not None:
                    self.parent[id(stmt)] = outer
                if isinstance(stmt, SCOPE_NODES):
                    continue
                for sub in _own_nodes(stmt):
                    self.holder[id(sub)] = stmt
                blocks.extend((inner, stmt) for inner in _blocks(stmt))

    def _chain(self, node: ast.AST) -> list[ast.stmt]:
        """The statements holding ``node``, innermost first, up to the function's body."""
        stmt = node if isinstance(node, ast.stmt) else self.holder.get(id(node))
        out: list[ast.stmt] = []
        while stmt is not None and id(stmt) in self.block:
            out.append(stmt)
            stmt = self.parent.get(id(stmt))
        return out

    def last_work(self, node: ast.AST) -> bool:
        """Nothing but logging, ``pass``, ``continue`` or a bare ``return`` runs after the
        statement holding ``node``, in its block and in every block around it."""
        chain = self._chain(node)
        for stmt in chain:
            block, i = self.block[id(stmt)]
            for after in block[i + 1 :]:
                if isinstance(after, ast.Return) and _returns_none(after):
                    return True  # what follows the blocks around it does not run
                if not _inert(after):
                    return False
        return bool(chain)

    def goes_on(self, node: ast.AST, bound: set[str], fails: Callable[[ast.stmt], bool]) -> bool:
        """After the statement holding ``node``, the function does other work of its own:
        a later statement works (`_works`), is no bookkeeping of the outcome (an ack, a
        commit, a status set to done), reads none of the ``bound`` names (what the step
        produced, with no default prepared for its failure), and fails the job when it
        fails (``fails``: a later step that swallows its own failure too leaves a job that
        can never fail). A return ends the search; so does a later statement that reads
        what the step produced."""
        for stmt in self._chain(node):
            block, i = self.block[id(stmt)]
            for after in block[i + 1 :]:
                if bound and _reads(after, bound):
                    return False
                if _works(after) and not _bookkeeping(after) and fails(after):
                    return True
                if isinstance(after, ast.Return | ast.Raise):
                    return False
        return False

    def work_before(self, node: ast.AST) -> bool:
        """The function did work of its own before ``node``: a call made for its effect
        (not logging, not filling a local collection) or a stored attribute or item."""
        for stmt in self._chain(node):
            block, i = self.block[id(stmt)]
            if any(_works(before) for before in block[:i]):
                return True
        return False


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The statement blocks nested in a compound statement."""
    out = [
        inner
        for name in ("body", "orelse", "finalbody")
        if isinstance(inner := getattr(stmt, name, None), list)
        and inner
        and isinstance(inner[0], ast.stmt)
    ]
    out.extend(h.body for h in getattr(stmt, "handlers", ()))
    if isinstance(stmt, ast.Match):
        out.extend(c.body for c in stmt.cases)
    return out


def _own_nodes(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of a statement outside its nested blocks and definitions."""
    nested = {id(s) for block in _blocks(stmt) for s in block}
    stack: list[ast.AST] = [c for c in child_nodes(stmt) if id(c) not in nested]
    while stack:
        node = stack.pop()
        if isinstance(node, SCOPE_NODES) or id(node) in nested:
            continue
        yield node
        stack.extend(child_nodes(node))


def _inert(stmt: ast.stmt) -> bool:
    """A statement that does no work: logging, ``pass``, ``continue``, a bare return."""
    if isinstance(stmt, ast.Pass | ast.Continue):
        return True
    if isinstance(stmt, ast.Return):
        return _returns_none(stmt)
    return isinstance(stmt, ast.Expr) and (
        isinstance(stmt.value, ast.Constant)
        or (isinstance(stmt.value, ast.Call) and _logs(stmt.value))
    )


def _logs(call: ast.Call) -> bool:
    """A log call at any level (``logger.debug`` too)."""
    if _is_log_call(call):
        return True
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("debug", "info")
        and "log" in dotted(func.value).lower()
    )


def _works(stmt: ast.stmt) -> bool:
    """Whether a statement (or one nested in it) does work for its effect."""
    for node in walk_scope(stmt):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Await | ast.Call):
            call = node.value.value if isinstance(node.value, ast.Await) else node.value
            if not isinstance(call, ast.Call) or _logs(call):
                continue
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.attr in LOCAL_FILLS
            ):
                continue
            return True
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute | ast.Subscript) for t in targets):
                return True
    return False


_GoesOn = tuple[bool, bool]


def _step(
    fn: FuncDef,
    flow: _Flow,
    attempt: ast.Try | ast.TryStar,
    stmts: list[ast.stmt],
    goes_on: _GoesOn,
    fails: Callable[[ast.stmt], bool],
) -> bool:
    """The ``try`` guards one step of a job that goes on with other work after it, in this
    function or in a caller, which does not use what the failed step would have made:
    the author let this step fail and kept the rest (a housekeeping step, an optional
    render, a cache or metrics write in a helper the job calls in passing)."""
    unprepared = _unprepared(attempt, stmts)
    if flow.goes_on(attempt, unprepared, fails):
        return True
    feeds_return = any(isinstance(n, ast.Return) for n in walk_scope(attempt.body)) or any(
        isinstance(n, ast.Return) and n.value is not None and _reads_expr(n.value, unprepared)
        for n in walk_scope(fn.node.body)
    )
    return goes_on[1] if feeds_return else goes_on[0]


class _Propagates:
    """Whether a later statement's failure reaches the job: not when it is a ``try`` whose
    broad handler swallows, nor a call of a project function whose body is one."""

    def __init__(self, idx: ModuleIndex, fn: FuncDef, load: Loader) -> None:
        self.idx, self.fn, self.load = idx, fn, load

    def __call__(self, stmt: ast.stmt) -> bool:
        helpers = _LogHelpers(self.idx, self.fn, self.load)
        if isinstance(stmt, ast.Try | ast.TryStar) and _swallowing(stmt, helpers, self.fn):
            return False
        value = getattr(stmt, "value", None)
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(stmt, ast.Expr | ast.Assign) and isinstance(value, ast.Call):
            callee = _callee(self.idx, value, self.fn, self.load)
            if callee is not None:
                theirs = _LogHelpers(callee[0], callee[1], self.load)
                if any(
                    isinstance(s, ast.Try | ast.TryStar) and _swallowing(s, theirs, callee[1])
                    for s in callee[1].node.body
                ):
                    return False
        return True


def _swallowing(attempt: ast.Try | ast.TryStar, helpers: _LogHelpers, owner: FuncDef) -> bool:
    return any(swallows(h, attempt, helpers, owner.node) for h in attempt.handlers)


def _reads_expr(expr: ast.expr, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(expr))


BOOKKEEPING = frozenset(
    {"save", "save_meta", "flush", "close", "release", "set_status", "update_status", "refresh"}
)
"""Methods that record or tidy after the work rather than do more of it."""
DONE_WORD = re.compile(
    r"^(?:done|success|succeeded|successful|complete|completed|finished|ok)$", re.I
)


def _bookkeeping(stmt: ast.stmt) -> bool:
    """A statement that acknowledges, commits or records the outcome (``msg.ack()``,
    ``db.commit()``, ``set_status(id, "done")``): it says the job succeeded, so the step
    before it is not one the job may lose."""
    for node in walk_scope(stmt):
        if not isinstance(node, ast.Call):
            continue
        last = dotted(node.func).rpartition(".")[2]
        if last in ACK_METHODS or last in BOOKKEEPING or "status" in last.lower():
            return True
        args = [*node.args, *(k.value for k in node.keywords)]
        if any(
            isinstance(a, ast.Constant) and isinstance(a.value, str) and DONE_WORD.match(a.value)
            for a in args
        ):
            return True
    return False


def _reads(stmt: ast.stmt, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in walk_scope(stmt))


def _bound_by(stmt: ast.stmt) -> set[str]:
    """Names a statement binds (``x = step()``, ``for x in ...``, ``with ... as x``)."""
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
        targets = [stmt.target]
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        targets = [i.optional_vars for i in stmt.items if i.optional_vars is not None]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _unprepared(attempt: ast.Try | ast.TryStar, stmts: list[ast.stmt]) -> set[str]:
    """Names the ``try`` binds for later use with no default for its failure: a default
    bound before it (``pdf_id = None``) or in its handler (``except: token_count = None``)
    is the author's plan for the failure, so reading it later is not using lost work."""
    bound = {n for stmt in attempt.body for sub in walk_scope(stmt) if isinstance(sub, ast.stmt)
             for n in _bound_by(sub)}  # fmt: skip
    if not bound:
        return bound
    prepared = {n for h in attempt.handlers for stmt in h.body for n in _bound_by(stmt)}
    for stmt in walk_scope(stmts):
        if stmt is attempt:
            break
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Constant):
            prepared |= _bound_by(stmt)
    return bound - prepared


FAILURE_RECORD = re.compile(r"fail|error|cancel|abort", re.I)
FAILURE_HELPER = re.compile(r"fail|error", re.I)
"""A function the job calls with a name like this handles its failure
(``_record_failure``, ``on_error``)."""
CLEANUP_METHODS = frozenset(
    {"release", "close", "unlink", "rmtree", "shutdown", "disconnect", "cleanup", "terminate"}
)


def records_failure(attempt: ast.Try | ast.TryStar) -> bool:
    """The ``try`` ends by recording a failure (``mark_attempt_failed(...)``,
    ``create_index_attempt_error(...)``) and does little else: it runs on the job's error
    path, where the outcome is already a failure, and a handler that logs when the
    record cannot be written loses no success."""
    if len(attempt.body) > 3:
        return False
    last = _last_statement(attempt.body)
    return last is not None and any(
        isinstance(n, ast.Call)
        and not _logs(n)
        and FAILURE_RECORD.search(dotted(n.func).rpartition(".")[2])
        for n in walk_scope(last)
    )


def _last_statement(stmts: list[ast.stmt]) -> ast.stmt | None:
    """The statement a block ends with, looking into ``with`` and ``if`` blocks."""
    last = stmts[-1] if stmts else None
    while isinstance(last, ast.With | ast.AsyncWith | ast.If) and last.body:
        last = last.body[-1]
    return last


EXPIRY_KEYWORDS = frozenset({"ex", "px", "exat", "pxat", "ttl", "expire", "expire_in"})
EXPIRING_WRITES = frozenset({"setex", "psetex", "expire", "pexpire"})


def writes_expiring(attempt: ast.Try | ast.TryStar) -> bool:
    """Every statement of the ``try`` writes a cache entry that expires by itself
    (``cache.set(key, value, ex=3600)``, ``r.setex(...)``): what it stores is meant to
    vanish, so failing to store it cannot be the job's result."""
    for stmt in attempt.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(call, ast.Await):
            call = call.value
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            return False
        if call.func.attr not in EXPIRING_WRITES and not any(
            k.arg in EXPIRY_KEYWORDS for k in call.keywords
        ):
            return False
    return bool(attempt.body)


def probes(attempt: ast.Try | ast.TryStar, fn: FuncDef) -> bool:
    """The ``try`` makes something only to close it again (``conn = engine.connect();
    conn.close()``) and nothing it makes outlives it: a probe of a resource that the code
    after it uses for real, where the same failure raises again."""
    made: set[str] = set()
    closed = False
    for stmt in attempt.body:
        value = stmt.value if isinstance(stmt, ast.Assign | ast.Expr) else None
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return False
        if isinstance(stmt, ast.Assign):
            if not all(isinstance(t, ast.Name) for t in stmt.targets):
                return False
            made.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
            continue
        if _logs(value):
            continue
        receiver = value.func.value if isinstance(value.func, ast.Attribute) else None
        if not (
            isinstance(receiver, ast.Name)
            and receiver.id in made
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in CLEANUP_METHODS
        ):
            return False
        closed = True
    inside = {id(n) for n in walk_scope(attempt.body)}
    used_later = any(
        isinstance(n, ast.Name) and n.id in made and id(n) not in inside
        for n in walk_scope(fn.node.body)
    )
    return closed and not used_later


def cleans_up(attempt: ast.Try | ast.TryStar) -> bool:
    """Every call in the ``try`` releases or closes something (``lock.release()``,
    ``conn.close()``): the work is over, and a lock that expired or a connection that
    already dropped is no job lost."""
    calls = [n for n in walk_scope(attempt.body) if isinstance(n, ast.Call) and not _logs(n)]
    return bool(calls) and all(dotted(c.func).rpartition(".")[2] in CLEANUP_METHODS for c in calls)


def isolates_items(flow: _Flow, attempt: ast.Try | ast.TryStar, worked: bool) -> bool:
    """A fan-out after the job's work (``for hook in hooks: try: send(hook, event) except
    Exception: log``): the ``try`` is the whole body of a ``for`` over a collection (but
    for logging), it delivers a value from before the loop to each item (`_delivers`),
    that loop is the last work of the job, and the job did work of its own before it.
    One failing item is logged and the others still get theirs.

    A job whose loop *is* its work (every record tried, the failures logged) did nothing
    before the loop and stays a swallowed failure; so does a loop followed by more work.
    """
    loop = flow.parent.get(id(attempt))
    if not isinstance(loop, ast.For | ast.AsyncFor) or attempt not in loop.body:
        return False
    if loop.orelse or not all(s is attempt or _inert(s) for s in loop.body):
        return False
    if not _delivers(loop, attempt):
        return False
    return flow.last_work(loop) and (worked or flow.work_before(loop))


def _delivers(loop: ast.For | ast.AsyncFor, attempt: ast.Try | ast.TryStar) -> bool:
    """The ``try`` hands each item the same thing: a call goes *to* the item (the item is
    its receiver or its first argument: a subscriber, a webhook URL) and carries a value
    that was there before the loop (``subscription.notify(alert, ...)``,
    ``requests.post(hook, json=event)``). A call that only takes the item
    (``sink.save(row)``, ``record.process()``) processes records: the loop is the work."""
    items = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    # names the loop binds from the item (``message = render(user)``), to a fixpoint;
    # ``data = {"event": event.to_dict()}`` is the same value for every item
    binds: list[tuple[set[str], set[str]]] = []
    for node in walk_scope(loop.body):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            stored = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            value = node.value
            read = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)} if value else set()
            binds.append((stored, read))
        elif isinstance(node, ast.For | ast.AsyncFor | ast.With | ast.AsyncWith):
            pairs = (
                [(node.target, node.iter)]
                if isinstance(node, ast.For | ast.AsyncFor)
                else [(i.optional_vars, i.context_expr) for i in node.items if i.optional_vars]
            )
            for target, source in pairs:
                if target is None:
                    continue
                stored = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
                binds.append((stored, {n.id for n in ast.walk(source) if isinstance(n, ast.Name)}))
    per_item = set(items)
    grew = True
    while grew:
        grew = False
        for stored, read in binds:
            if read & per_item and not stored <= per_item:
                per_item |= stored
                grew = True

    def root(expr: ast.expr) -> str:
        return dotted(expr).partition(".")[0].partition("(")[0]

    for call in (n for n in walk_scope(attempt.body) if isinstance(n, ast.Call)):
        func = call.func
        if isinstance(func, ast.Attribute) and root(func.value) in items:
            payload = [*call.args, *(k.value for k in call.keywords)]
        elif call.args and root(call.args[0]) in items:
            payload = [*call.args[1:], *(k.value for k in call.keywords)]
        else:
            continue
        names = {n.id for p in payload for n in ast.walk(p) if isinstance(n, ast.Name)}
        if names - per_item:
            return True
    return False


def isolates_handlers(idx: ModuleIndex, fn: FuncDef, attempt: ast.Try | ast.TryStar) -> bool:
    """A fan-out to registered callbacks beside the job's own work (``for callback in
    registry["webhook_callbacks"]: try: callback(event) except Exception: log``, then
    the job renders and sends, raising on failure): one plugin or event handler failing
    is logged and the others still run, while the job's own work still fails it.

    The loop goes over a registry (a collection def-use traces to the module's own
    globals or to an import, not to the job's arguments), the ``try`` calls the item
    itself (``callback(...)``, ``handler.handle_event(data)``), every other statement of
    the loop body is inert or a branch holding the ``try``, and the function does work
    of its own before or after the loop. A loop over the job's own records, or over
    destinations it was handed, is not a registry.
    """
    flow = _Flow(fn.node.body)
    loop: ast.stmt | None = flow.parent.get(id(attempt))
    holder: ast.stmt = attempt
    while isinstance(loop, ast.If):
        holder, loop = loop, flow.parent.get(id(loop))
    if not isinstance(loop, ast.For | ast.AsyncFor) or loop.orelse:
        return False
    if not all(s is holder or _inert(s) for s in loop.body):
        return False
    items = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    called = any(
        isinstance(n, ast.Call)
        and (
            (isinstance(n.func, ast.Name) and n.func.id in items)
            or (
                isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id in items
            )
        )
        for n in walk_scope(attempt.body)
    )
    if not called or not _registry(idx, fn, loop.iter):
        return False
    return flow.work_before(loop) or not flow.last_work(loop)


MAPPING_READS = frozenset({"get", "values", "items", "keys", "copy"})
"""Reads of a collection that hand back (part of) what it holds."""


def _registry(idx: ModuleIndex, fn: FuncDef, expr: ast.expr) -> bool:
    """``expr`` reads a registry: a collection filled at run time by whoever registers
    into it (``handlers = {}`` at module level, ``from app.registry import registry``),
    through subscripts and mapping reads (``registry["hooks"]``,
    ``handlers.get(event, {}).values()``). Not one the job was handed, not one computed
    by a call (``json.loads(payload)``), and not a module literal listing its functions
    (``STEPS = [fetch, parse, save]``: a pipeline, the job's own work)."""
    params = _params(fn)
    stack, seen = [expr], set()
    while stack:
        root = stack.pop()
        while isinstance(root, ast.Call | ast.Attribute | ast.Subscript):
            if isinstance(root, ast.Call):
                if not (isinstance(root.func, ast.Attribute) and root.func.attr in MAPPING_READS):
                    break  # computed, not read from a collection
                root = root.func.value
            else:
                root = root.value
        if not isinstance(root, ast.Name) or root.id in seen or root.id in ("self", "cls"):
            continue
        seen.add(root.id)
        if root.id in params:
            continue
        bound = idx.locals_of(fn).get(root.id)
        if bound:
            stack.extend(bound)  # a local: where its value came from
        elif root.id in idx.module_assigns:
            if any(_empty_collection(v) for v in idx.module_assigns[root.id]):
                return True
        elif root.id in idx.imports:
            return True
    return False


def _empty_collection(value: ast.expr) -> bool:
    """``{}``, ``[]``, ``dict()``, ``defaultdict(list)``: filled later, by registration."""
    if isinstance(value, ast.Dict):
        return not value.keys
    if isinstance(value, ast.List | ast.Set | ast.Tuple):
        return not value.elts
    if isinstance(value, ast.Call):
        name = dotted(value.func).rpartition(".")[2]
        return name in ("dict", "list", "set", "defaultdict", "OrderedDict") and (
            name == "defaultdict" or not value.args
        )
    return False


def _params(fn: FuncDef) -> set[str]:
    a = fn.node.args
    return {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if p}


# -- failure carried past the handler -----------------------------------------------------------


STATE_FIELDS = frozenset({"status", "state"})
"""Fields of a record that hold its outcome (``{"status": "broken"}``, ``job.state = ...``)."""


def carries_failure(
    idx: ModuleIndex,
    fn: FuncDef,
    attempt: ast.Try | ast.TryStar,
    handler: ast.ExceptHandler,
    load: Loader,
) -> bool:
    """The handler logs, but the failure does not stop there: a flag it leaves reaches a
    ``raise``, the function's return value or a call after the ``try`` (`_flag_reaches`),
    or it stores an outcome in the application's own records (`_records_outcome`)."""
    return (
        _flag_reaches(fn, attempt, handler)
        or _collected_failure(fn, handler)
        or _records_outcome(idx, fn, handler.body, load, 0)
        or _unbound_after(fn, attempt, handler)
    )


COLLECTING = frozenset({"append", "add", "extend", "appendleft", "insert", "put", "put_nowait"})
"""Methods that add to a collection: a handler that puts the failed item there keeps it."""


def _collected_failure(fn: FuncDef, handler: ast.ExceptHandler) -> bool:
    """The handler puts the failed item in a local collection (``failed.append(item)``,
    ``errors[key] = exc``), and the code after it hands that collection on (def-use) to a
    call that fails or retries it (``subscriber.nack(failed)``, ``mark_failed(errors)``),
    returns it, or raises when it is not empty: a batch worker that logs, collects and
    then nacks its failures has not swallowed them."""
    kept: set[str] = set()
    for node in walk_scope(handler.body):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in COLLECTING
            and isinstance(node.func.value, ast.Name)
        ):
            kept.add(node.func.value.id)
        elif isinstance(node, ast.Assign):
            kept.update(
                t.value.id
                for t in node.targets
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
            )
    if not kept:
        return False
    after_line = handler.end_lineno or handler.lineno
    for node in walk_scope(fn.node.body):
        if getattr(node, "lineno", 0) <= after_line:
            continue
        if isinstance(node, ast.Return) and node.value is not None:
            if _names_in(node.value) & kept:
                return True
        elif isinstance(node, ast.If) and _names_in(node.test) & kept:
            if any(isinstance(n, ast.Raise) for n in walk_scope([*node.body, *node.orelse])):
                return True
        elif isinstance(node, ast.Call) and not _logs(node) and _signals_failure(node):
            args = [*node.args, *(k.value for k in node.keywords)]
            if any(_names_in(a) & kept for a in args):
                return True
    return False


def _unbound_after(fn: FuncDef, attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler) -> bool:
    """A name the ``try`` alone binds is read after it: when the handler carries on, that
    read raises ``UnboundLocalError`` (``try: state = run() except Exception: log`` then
    ``if state:``), so the job fails after all, with a worse error. Bound before the
    ``try`` (a default), or by the handler, it is a value the job goes on with."""
    if any(
        isinstance(n, ast.Return | ast.Raise | ast.Break | ast.Continue)
        for n in walk_scope(handler.body)
    ):
        return False
    start, end = attempt.lineno, attempt.end_lineno or attempt.lineno
    bound_in_try = {
        n.id
        for stmt in attempt.body
        for n in walk_scope(stmt)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    if not bound_in_try:
        return False
    args = fn.node.args
    params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    if args.vararg is not None:
        params.add(args.vararg.arg)
    if args.kwarg is not None:
        params.add(args.kwarg.arg)
    bound_elsewhere = set(params)
    read_after: set[str] = set()
    for n in walk_scope(fn.node.body):
        if not isinstance(n, ast.Name):
            continue
        line = getattr(n, "lineno", 0)
        if isinstance(n.ctx, ast.Store) and not start <= line <= end:
            bound_elsewhere.add(n.id)
        elif isinstance(n.ctx, ast.Load) and line > end:
            read_after.add(n.id)
    handler_binds = {
        n.id
        for n in walk_scope(handler.body)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    return bool((bound_in_try - bound_elsewhere - handler_binds) & read_after)


def secondary_step(
    idx: ModuleIndex,
    fn: FuncDef,
    attempt: ast.Try | ast.TryStar,
    handler: ast.ExceptHandler,
    load: Loader,
) -> bool:
    """The author chose which failures fail the job, and this one does not:

    - the ``try`` guards one step of work that an enclosing ``try`` of the function
      protects, and that one's broad handler fails the job (raises, returns a failure
      value, signals or records the failure): ``try: render(); try: tiles() except
      Exception: log ... except Exception: set_as_broken(id); return``;
    - or the ``try`` is clean-up inside the handler of an enclosing ``try`` that fails the
      job itself (``except Exception: try: session.remove() except Exception: log``,
      then ``set_status(id, "fail")``): it decides nothing about the job's outcome;
    - or the handler logs at warning or below (graded a degradation, not an error),
      while another ``try`` of the same function fails the job when its step fails
      (``except Exception as exc: return abort(preview_id, exc)``). A handler logging
      at error beside it is still a swallowed failure.
    """
    mine = {id(n) for n in walk_scope(attempt)}
    warns = _warns_only(handler)
    for outer in walk_scope(fn.node.body):
        if outer is attempt or not isinstance(outer, ast.Try | ast.TryStar):
            continue
        for other in outer.handlers:
            if attempt not in other.body:
                continue
            # the handler fails the job by a step of its own, not by the guarded one
            rest = ast.copy_location(
                ast.ExceptHandler(
                    type=other.type,
                    name=other.name,
                    body=[b for b in other.body if b is not attempt],
                ),
                other,
            )
            if _fails(idx, fn, outer, rest, load):
                return True  # clean-up inside a handler that fails the job itself
        inside = [n for n in walk_scope(outer.body)]
        if id(attempt) not in {id(n) for n in inside}:
            if (
                warns
                and id(outer) not in mine
                and any(_fails(idx, fn, outer, h, load) for h in outer.handlers)
            ):
                return True
            continue
        other_work = any(
            isinstance(n, ast.Call) and id(n) not in mine and not _logs(n) for n in inside
        )
        if other_work and any(_fails(idx, fn, outer, h, load) for h in outer.handlers):
            return True
    return False


def _warns_only(handler: ast.ExceptHandler) -> bool:
    """Every log call of the handler is at warning level or below."""
    levels = [
        node.func.attr
        for node in walk_scope(handler.body)
        if isinstance(node, ast.Call) and _logs(node) and isinstance(node.func, ast.Attribute)
    ]
    return bool(levels) and all(lv in ("warning", "warn", "info", "debug") for lv in levels)


def _fails(
    idx: ModuleIndex,
    fn: FuncDef,
    attempt: ast.Try | ast.TryStar,
    handler: ast.ExceptHandler,
    load: Loader,
) -> bool:
    """A broad handler that fails the job or keeps the failure (the reverse of swallowing)."""
    if not broad(handler):
        return False
    for node in walk_scope(handler.body):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Return) and not _returns_none(node):
            return True
        if isinstance(node, ast.Call) and not _logs(node) and _signals_failure(node):
            return True
        if isinstance(node, ast.Call) and not _logs(node) and _records_failure_word(node):
            return True
    return carries_failure(idx, fn, attempt, handler, load)


def _records_failure_word(call: ast.Call) -> bool:
    """``set_status(id, "fail")``, ``mark(job, status="error")``: a call handed a failure
    word stores the outcome (as `swallows` reads a handler that sets one)."""
    args = [*call.args, *(k.value for k in call.keywords)]
    return any(
        isinstance(a, ast.Constant) and isinstance(a.value, str) and FAILURE_WORD.search(a.value)
        for a in args
    )


def _constant_assigns(stmts: list[ast.stmt]) -> dict[str, list[ast.Constant]]:
    """Names set to ``True`` or ``False``: status flags."""
    out: dict[str, list[ast.Constant]] = {}
    for node in walk_scope(stmts):
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, bool)
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    out.setdefault(t.id, []).append(node.value)
    return out


def _flag_reaches(fn: FuncDef, attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler) -> bool:
    """A status flag tells success from failure after the ``try`` (def-use): the handler
    sets it (``success = False``), or only the ``try`` sets it to something else than it
    held before (``success = False`` ... ``try: ...; success = True``), and it is then
    tested by a branch that raises (``if not success: raise ...``), returned to the
    caller (not as ``None``), handed to a call that records it
    (``end_build_job(job, success)``), or tested by a branch that, on the failure value,
    does the work another way (`_falls_back`). A flag nothing reads is still a swallowed
    failure."""
    failure: dict[str, ast.Constant] = {
        name: values[-1] for name, values in _constant_assigns(handler.body).items()
    }
    inside = _constant_assigns([*attempt.body, *attempt.orelse])
    if inside:
        before = _constant_assigns(_enclosing_before(fn, attempt))
        for name, values in inside.items():
            prior = [v for v in before.get(name, []) if all(v.value != w.value for w in values)]
            if prior and name not in failure:
                failure[name] = prior[-1]
    if not failure:
        return False
    after_line = handler.end_lineno or handler.lineno
    later = [n for n in walk_scope(fn.node.body) if getattr(n, "lineno", 0) > after_line]
    for node in later:
        if isinstance(node, ast.Return) and node.value is not None:
            if _names_in(node.value) & failure.keys():
                return True
        elif isinstance(node, ast.If | ast.While | ast.Assert):
            if not _names_in(node.test) & failure.keys():
                continue
            if isinstance(node, ast.Assert):
                return True
            branches = [*node.body, *node.orelse]
            if any(isinstance(n, ast.Raise) for n in walk_scope(branches)):
                return True
            if isinstance(node, ast.If) and _falls_back(node, failure):
                return True
        elif isinstance(node, ast.Call) and not _logs(node):
            args = [*node.args, *(k.value for k in node.keywords)]
            if any(isinstance(a, ast.Name) and a.id in failure for a in args):
                return True
    return False


def _falls_back(branch: ast.If, failure: dict[str, ast.Constant]) -> bool:
    """``if not saved: WebhookLog.objects.create(**data)``: the branch the failure value
    takes does other work, a fallback that handles the failure (a store that failed is
    written elsewhere), not a failure carried on in silence."""
    for name, value in failure.items():
        taken = _branch_taken(branch.test, name, value.value)
        if taken is None:
            continue
        body = branch.body if taken else branch.orelse
        if any(isinstance(n, ast.Call) and not _logs(n) for n in walk_scope(body)):
            return True
    return False


def _branch_taken(test: ast.expr, name: str, value: object) -> bool | None:
    """Whether ``test`` is true when ``name`` holds ``value`` (None when it cannot tell)."""
    if isinstance(test, ast.Name) and test.id == name:
        return bool(value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _branch_taken(test.operand, name, value)
        return None if inner is None else not inner
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.left, ast.Name)
        and test.left.id == name
        and isinstance(test.comparators[0], ast.Constant)
    ):
        other, op = test.comparators[0].value, test.ops[0]
        if isinstance(op, ast.Is | ast.Eq):
            return value is other if isinstance(op, ast.Is) else value == other
        if isinstance(op, ast.IsNot | ast.NotEq):
            return value is not other if isinstance(op, ast.IsNot) else value != other
    return None


def _enclosing_before(fn: FuncDef, attempt: ast.Try | ast.TryStar) -> list[ast.stmt]:
    """Statements that run before ``attempt`` in the blocks enclosing it."""
    flow = _Flow(fn.node.body)
    out: list[ast.stmt] = []
    for stmt in flow._chain(attempt):
        block, i = flow.block[id(stmt)]
        out.extend(block[:i])
    return out


def _names_in(expr: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}


def _records_outcome(
    idx: ModuleIndex, fn: FuncDef, stmts: list[ast.stmt], load: Loader, depth: int
) -> bool:
    """The handler stores an outcome in the application's records: sets a status field
    to a constant (``preview.status = "broken"``, ``update(id, {"status": "broken"})``,
    ``.update(state="error")``), itself or through a project function it calls
    (``set_preview_file_as_broken(id)``), followed by def-use up to two calls deep."""
    for node in walk_scope(stmts):
        if isinstance(node, ast.Assign):
            if _text(node.value) and any(
                isinstance(t, ast.Attribute | ast.Subscript) and _state_field(t)
                for t in node.targets
            ):
                return True
        elif isinstance(node, ast.Call) and not _logs(node):
            if any(k.arg in STATE_FIELDS and _text(k.value) for k in node.keywords):
                return True
            for arg in node.args:
                if isinstance(arg, ast.Dict) and any(
                    isinstance(k, ast.Constant) and k.value in STATE_FIELDS and _text(v)
                    for k, v in zip(arg.keys, arg.values, strict=True)
                ):
                    return True
            if depth < 2:
                callee = _callee(idx, node, fn, load)
                if callee is not None and _records_outcome(
                    callee[0], callee[1], callee[1].node.body, load, depth + 1
                ):
                    return True
    return False


def _text(value: ast.expr) -> bool:
    """A string constant (``"broken"``; an HTTP ``status=500`` is a response, not a record)."""
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


def _state_field(target: ast.Attribute | ast.Subscript) -> bool:
    if isinstance(target, ast.Attribute):
        return target.attr in STATE_FIELDS
    key = target.slice
    return isinstance(key, ast.Constant) and key.value in STATE_FIELDS


LOOKUP = re.compile(
    r"(?i)^(?:get|mget|hget|hgetall|read|load|loads|fetch|lookup|find|exists|query|open)"
    r"|cache|memo"
)
"""Calls that look something up: a failed lookup can fall back to doing the work."""


def _following(stmts: list[ast.stmt]) -> dict[int, list[ast.stmt]]:
    """For each ``try`` of a body, the statements after it in its own block."""
    out: dict[int, list[ast.stmt]] = {}
    blocks: list[list[ast.stmt]] = [stmts]
    while blocks:
        block = blocks.pop()
        for i, stmt in enumerate(block):
            if isinstance(stmt, SCOPE_NODES):
                continue
            if isinstance(stmt, ast.Try | ast.TryStar):
                out[id(stmt)] = block[i + 1 :]
                blocks.extend(h.body for h in stmt.handlers)
            for name in ("body", "orelse", "finalbody"):
                sub = getattr(stmt, name, None)
                if isinstance(sub, list) and sub and isinstance(sub[0], ast.stmt):
                    blocks.append(sub)
            if isinstance(stmt, ast.Match):
                blocks.extend(c.body for c in stmt.cases)
    return out


def best_effort_lookup(attempt: ast.Try | ast.TryStar, after: list[ast.stmt]) -> bool:
    """A failed lookup that falls through to the real work (``try: hit = cache.get(k)``,
    ``except Exception: log``, then the work is done anyway): the job's own failure is not
    swallowed, only the shortcut is skipped.

    The ``try`` only looks something up (every call in it does), it returns on a hit or
    binds what it found, and the statements after it do work with it or instead of it.
    """
    calls = [n for n in walk_scope(attempt.body) if isinstance(n, ast.Call)]
    if not calls or len(attempt.body) > 4:
        return False
    bound = {
        t.id
        for stmt in attempt.body
        for n in walk_scope(stmt)
        if isinstance(n, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr)
        for t in ([n.target] if not isinstance(n, ast.Assign) else n.targets)
        if isinstance(t, ast.Name)
    }
    for call in calls:
        name = dotted(call.func).rpartition(".")[2] or (
            call.func.attr if isinstance(call.func, ast.Attribute) else ""
        )
        receiver = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ""
        if receiver.partition(".")[0] in bound:
            continue  # decoding what was found (``hit.decode()``)
        if not (LOOKUP.search(name) or LOOKUP.search(receiver)):
            return False
    returns_hit = any(isinstance(n, ast.Return) for n in walk_scope(attempt.body))
    if not bound and not returns_hit:
        return False
    later = [n for stmt in after for n in walk_scope(stmt)]
    works = any(isinstance(n, ast.Call) for n in later)
    uses = any(isinstance(n, ast.Name) and n.id in bound for n in later)
    return works and (returns_hit or uses)


ACK_METHODS = frozenset(
    {"ack", "acknowledge", "delete_message", "delete_messages", "task_done", "commit", "complete"}
)


def _acks_anyway(node: ast.Try | ast.TryStar, loop_body: list[ast.stmt]) -> bool:
    """Whether the message is acknowledged even when the protected work failed:
    an ack in ``finally`` or after the ``try`` in the same loop iteration."""
    after = [s for s in loop_body if s.lineno > (node.end_lineno or node.lineno)]
    for stmt in [*node.finalbody, *after]:
        for sub in ast.walk(stmt):
            if (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Attribute)
                and sub.func.attr in ACK_METHODS
            ):
                return True
    return False


def _nodes(body: list[ast.stmt], in_loop: bool) -> Iterator[tuple[ast.AST, bool]]:
    stack: list[tuple[ast.AST, bool]] = [(s, in_loop) for s in reversed(body)]
    while stack:
        node, looped = stack.pop()
        if isinstance(node, SCOPE_NODES):
            continue
        yield node, looped
        inner = looped or isinstance(node, ast.For | ast.AsyncFor | ast.While | ast.comprehension)
        stack.extend((c, inner) for c in reversed(child_nodes(node)))


def _callee(
    idx: ModuleIndex, call: ast.Call, fn: FuncDef | None, load: Loader
) -> tuple[ModuleIndex, FuncDef] | None:
    local = idx.local_callee(call, fn)
    if local is not None:
        return idx, local
    func = call.func
    if isinstance(func, ast.Name) and func.id in idx.imports:
        return _by_dotted(idx.imports[func.id], load)
    if not isinstance(func, ast.Attribute):
        return None
    if dotted(func).split(".")[0] in idx.imports:
        found = _by_dotted(idx.resolve(func), load)
        if found is not None:
            return found
    for origin in idx.origins(func.value, fn):
        if not isinstance(origin, ast.Call):
            continue
        cls = dotted(origin.func)
        if cls in idx.classes:
            method = idx.method(cls, func.attr)
            if method is not None:
                return idx, method
        resolved = idx.resolve(origin.func)
        if resolved != cls or "." in resolved:
            module, _, name = resolved.rpartition(".")
            other = load(module) if module else None
            if other is not None and name in other.classes:
                method = other.method(name, func.attr)
                if method is not None:
                    return other, method
    return None


# -- the handler -------------------------------------------------------------------------------


def broad(handler: ast.ExceptHandler) -> bool:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        t is None or dotted(t).rpartition(".")[2] in ("Exception", "BaseException") for t in types
    )


def swallows(
    handler: ast.ExceptHandler,
    attempt: ast.Try | ast.TryStar | None = None,
    log_helper: Callable[[ast.Call], bool] | None = None,
    owner: ast.AST | None = None,
) -> str:
    """The logging call of a broad handler that neither raises nor reports failure, else ''.

    A handler that skips the ``ack()`` its ``try`` would have made leaves the message
    to be redelivered: that is failure reporting too. ``log_helper`` tells a call of a
    project function that only logs (``log_exception(e)``) from other calls; ``owner``
    is the function holding the ``try`` (see `_none_is_an_answer`).
    """
    if not broad(handler):
        return ""
    if attempt is not None and _acks(attempt.body) and not _acks(handler.body):
        return ""
    logs = ""
    log_calls: set[int] = set()
    for node in walk_scope(handler.body):
        if isinstance(node, ast.Call) and (
            _is_log_call(node) or (log_helper is not None and log_helper(node))
        ):
            logs = logs or dotted(node.func)
            log_calls.update(id(n) for n in ast.walk(node))
    if not logs:
        return ""
    if attempt is not None and _none_is_an_answer(attempt, handler, owner):
        return ""
    for node in walk_scope(handler.body):
        if id(node) in log_calls:
            continue
        if isinstance(node, ast.Raise):
            return ""
        if isinstance(node, ast.Return) and not _returns_none(node):
            return ""  # the caller gets a value it can check
        if isinstance(node, ast.Call) and _signals_failure(node):
            return ""
        if isinstance(node, ast.Constant) and FAILURE_WORD.search(str(node.value)):
            return ""  # a status or error field is set
        if isinstance(node, ast.Name) and handler.name and node.id == handler.name:
            return ""  # the exception is kept (appended, stored, passed on)
    return logs


PURE_HELPERS = frozenset(
    {
        "logging.getLogger",
        "traceback.format_exc",
        "traceback.print_exc",
        "traceback.format_exception",
        "str",
        "repr",
        "format",
        "type",
        "getattr",
        "isinstance",
        "len",
    }
)
"""Calls a log helper may make besides logging, that change nothing outside it."""


class _LogHelpers:
    """Tells whether a call in a handler is one of a project function that only logs
    (``log_exception(e)`` whose body is ``logger.exception(e)``): the handler logs and
    carries on as surely as with a logger call of its own."""

    def __init__(self, idx: ModuleIndex, fn: FuncDef, load: Loader) -> None:
        self.idx, self.fn, self.load = idx, fn, load

    def __call__(self, call: ast.Call) -> bool:
        callee = _callee(self.idx, call, self.fn, self.load)
        return callee is not None and only_logs(*callee)


def only_logs(idx: ModuleIndex, fn: FuncDef) -> bool:
    """Every call ``fn`` makes logs (or reads a logger, formats a traceback) and at least
    one logs at warning or above; it raises nothing and returns nothing."""
    logged = False
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.Raise | ast.Yield | ast.YieldFrom | ast.Await):
            return False
        if isinstance(node, ast.Return) and not _returns_none(node):
            return False
        if not isinstance(node, ast.Call):
            continue
        if _is_log_call(node):
            logged = True
        elif not _logs(node) and idx.resolve(node.func) not in PURE_HELPERS:
            return False
    return logged


def _none_is_an_answer(
    attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler, owner: ast.AST | None = None
) -> bool:
    """The handler returns ``None`` and so can the work itself (``return text or None``,
    ``return None`` when nothing was found): ``None`` is an answer every caller must
    already handle (by falling back, as to OCR when a PDF has no text layer), so the
    failure reaches them as that answer, not as a success.

    Given the function holding the ``try`` (``owner``): one that never returns a value
    is a procedure, whose ``return`` only ends it (a task's ``except: log; return``
    is no answer to anyone), and one that returns ``None`` on another path too (``if
    not configured: return None``) has callers that handle it."""
    body = getattr(owner, "body", None)
    answers = any(isinstance(n, ast.Return) and _returns_none(n) for n in walk_scope(handler.body))
    if not answers and not _falls_to_none(attempt, handler, body):
        return False
    if isinstance(body, list):
        returns = [n for n in walk_scope(body) if isinstance(n, ast.Return)]
        if all(_returns_none(r) for r in returns):
            return False
        in_handler = {id(n) for n in walk_scope(handler.body)}
        if any(
            r.value is not None and _returns_none(r) and id(r) not in in_handler for r in returns
        ):
            return True
    for node in walk_scope(attempt.body):
        if not isinstance(node, ast.Return):
            continue
        value = node.value
        if _returns_none(node):
            return True
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
            last = value.values[-1]
            if isinstance(last, ast.Constant) and last.value is None:
                return True
        if isinstance(value, ast.IfExp) and any(
            isinstance(b, ast.Constant) and b.value is None for b in (value.body, value.orelse)
        ):
            return True
    return False


def _falls_to_none(
    attempt: ast.Try | ast.TryStar, handler: ast.ExceptHandler, body: object
) -> bool:
    """The handler ends, and the next statement after the ``try`` is ``return None``: the
    same answer as a ``return None`` in the handler (``try: return cached(key) except
    Exception: log`` then ``return None``)."""
    if not isinstance(body, list) or any(
        isinstance(n, ast.Return | ast.Raise | ast.Continue | ast.Break)
        for n in walk_scope(handler.body)
    ):
        return False
    if not any(
        isinstance(n, ast.Return) and not _returns_none(n) for n in walk_scope(attempt.body)
    ):
        return False  # the ``try`` answers nothing: it does work, and None is no answer
    if _always_returns(attempt.body):
        return False  # then that ``return None`` answers only the failure
    after = _following(body).get(id(attempt), [])
    return bool(after) and isinstance(after[0], ast.Return) and _returns_none(after[0])


def _always_returns(stmts: list[ast.stmt]) -> bool:
    last = stmts[-1] if stmts else None
    if isinstance(last, ast.Return | ast.Raise):
        return True
    if isinstance(last, ast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    if isinstance(last, ast.With | ast.AsyncWith):
        return _always_returns(last.body)
    return False


def _returns_none(node: ast.Return) -> bool:
    return node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)


def _acks(body: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "ack"
        for n in walk_scope(body)
    )


def _is_log_call(call: ast.Call) -> bool:
    text = dotted(call.func)
    if text in ("print", "traceback.print_exc", "sys.stderr.write"):
        return True
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in LOG_METHODS:
        return False
    receiver = dotted(call.func.value).lower()
    return "log" in receiver


def _signals_failure(call: ast.Call) -> bool:
    text = dotted(call.func)
    if text in EXIT_CALLS:
        return not (call.args and isinstance(call.args[0], ast.Constant) and not call.args[0].value)
    last = text.rpartition(".")[2]
    return bool(FAILURE_WORD.search(last))
