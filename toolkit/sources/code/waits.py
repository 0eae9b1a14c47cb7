"""Blocking waits and run-to-completion hints in Python code.

A worker deployed as a Cloud Run Job must return when there is no work; these
extractors find the constructs that never do (a streaming-pull future waited on
without a timeout, a consume loop with no exit, an rq worker outside burst mode,
an event loop run forever) and the code that reads Cloud Run Job variables. Each
mechanism is recognised by where the waited-on value comes from, never by the
variable's name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import BLOCKING_WAIT, JOB_CONTEXT, make_site
from opsdoc.sources.code.pyindex import (
    SCOPE_NODES,
    FuncDef,
    ModuleIndex,
    dotted,
    has_timeout,
    kwarg,
    walk_scope,
)
from opsdoc.sources.code.scripts import is_main_guard

CONSUME_METHODS = frozenset(
    {
        "pull",
        "receive",
        "receive_messages",
        "receive_message",
        "blpop",
        "brpop",
        "brpoplpush",
        "blmove",
        "xread",
        "xreadgroup",
        "bzpopmin",
        "bzpopmax",
        "consume",
        "poll",
        "fetch",
        "dequeue",
        "dequeue_any",
    }
)


def consumes(call: ast.Call) -> bool:
    """``receiver.pull(...)``, ``r.blpop(...)``...: a call that takes work from a queue.
    Not ``proc.poll()`` with no argument: ``subprocess.Popen.poll`` and
    ``multiprocessing.Connection.poll`` answer a status, they receive nothing (a broker
    client's poll is given its timeout)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in CONSUME_METHODS:
        return False
    return not (func.attr == "poll" and not call.args and not call.keywords)


QUEUE_NAME = re.compile(r"(?i)(^|_)q$|queue")
EVENT_CTORS = frozenset(
    {"threading.Event", "asyncio.Event", "asyncio.locks.Event", "multiprocessing.Event"}
)
EXIT_CALLS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort"})
CLOUD_RUN_JOB_VARS = frozenset(
    {"CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_COUNT"}
)


def scoped_nodes(idx: ModuleIndex) -> Iterator[tuple[ast.AST, FuncDef | None]]:
    """Every node of the module with the function whose body holds it (None at top level)."""
    for node in idx.nodes_of(None):
        yield node, None
    for cls in idx.classes.values():
        for node in walk_scope(cls.body):
            yield node, None
    for fn in idx.funcs.values():
        for node in idx.nodes_of(fn):
            yield node, fn


def blocking_waits(idx: ModuleIndex) -> list[CodeSite]:
    out: list[CodeSite] = []
    scan = _Waits(idx)
    program = "__main__" in idx.text and any(is_main_guard(n) for n in idx.tree.body)
    for node, fn in scoped_nodes(idx):
        found = _classify(scan, node, fn)
        if found is not None and id(node) not in scan.bounded and not scan.in_daemon_thread(fn):
            mechanism, call = found
            out.append(
                make_site(
                    BLOCKING_WAIT,
                    idx.path,
                    node.lineno,  # type: ignore[attr-defined]
                    idx.lines,
                    function=fn.qualname if fn else "",
                    attrs={"mechanism": mechanism, "call": call}
                    | ({"program": "true"} if program else {}),
                )
            )
    return out


WAIT_NAMES = frozenset({"result", "work", "run_forever", "serve_forever", "pause", "wait"})
TIMEOUT_SCOPES = frozenset({"asyncio.timeout", "asyncio.timeout_at", "async_timeout.timeout"})
POLL_METHODS = {"running": False, "done": True, "cancelled": True}
"""Future methods a polling loop tests, and whether the test is negated (``while not f.done()``)."""


class _Waits:
    """One module's wait scan: what is under a timeout, and which functions run in threads."""

    def __init__(self, idx: ModuleIndex) -> None:
        self.idx = idx
        self._bounded: set[int] | None = None
        self._threads: set[str] | None = None
        self._daemons: set[str] | None = None

    @property
    def bounded(self) -> set[int]:
        """ids of nodes awaited under a timeout (``asyncio.wait_for(ev.wait(), 30)``);
        looked for only in modules that have a wait to report."""
        if self._bounded is None:
            self._bounded = _bounded_nodes(self.idx)
        return self._bounded

    def in_daemon_thread(self, fn: FuncDef | None) -> bool:
        """True when ``fn`` only ever runs as the target of a daemon thread: the process
        exits when its other threads do, whatever that thread waits for."""
        if fn is None or fn.parent or fn.cls:
            return False
        if self._daemons is None:
            self._daemons = _daemon_targets(self.idx)
        return fn.node.name in self._daemons

    def in_thread(self, fn: FuncDef | None) -> bool:
        """True when ``fn`` is the body of another thread (its loop does not hold the process)."""
        if fn is None:
            return False
        if self._threads is None:
            from opsdoc.sources.code.bridges import thread_entries

            self._threads = {e.fn.qualname for e in thread_entries(self.idx) if e.fn is not None}
        return fn.qualname in self._threads


def _daemon_targets(idx: ModuleIndex) -> set[str]:
    """Module functions every use of which is ``threading.Thread(target=f, daemon=True)``
    (or a thread whose ``daemon`` is set to True, or ``setDaemon(True)``, before it starts)."""
    targets: dict[str, bool] = {}
    """function name -> whether every thread made with it is a daemon"""
    targeted: set[int] = set()
    for node, fn in scoped_nodes(idx):
        if not isinstance(node, ast.Call) or idx.resolve(node.func) != "threading.Thread":
            continue
        target = kwarg(node, "target")
        if not isinstance(target, ast.Name) or target.id not in idx.funcs:
            continue
        targeted.add(id(target))
        daemon = kwarg(node, "daemon")
        is_daemon = isinstance(daemon, ast.Constant) and daemon.value is True
        if not is_daemon:
            is_daemon = _made_daemon(idx, node, fn)
        targets[target.id] = targets.get(target.id, True) and is_daemon
    if not targets:
        return set()
    other_uses = {
        n.id
        for n in ast.walk(idx.tree)
        if isinstance(n, ast.Name) and n.id in targets and id(n) not in targeted
    }
    return {name for name, daemon in targets.items() if daemon and name not in other_uses}


def _made_daemon(idx: ModuleIndex, thread: ast.Call, fn: FuncDef | None) -> bool:
    """``t = Thread(...)`` followed by ``t.daemon = True`` or ``t.setDaemon(True)``."""
    holder = ""
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.Assign) and node.value is thread:
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            holder = names[0] if names else ""
    if not holder:
        return False
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "daemon" and dotted(t.value) == holder
            for t in node.targets
        ):
            return isinstance(node.value, ast.Constant) and node.value.value is True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setDaemon"
            and dotted(node.func.value) == holder
            and node.args
        ):
            return isinstance(node.args[0], ast.Constant) and node.args[0].value is True
    return False


def _bounded_nodes(idx: ModuleIndex) -> set[int]:
    out: set[int] = set()
    for scope in (None, *idx.funcs.values()):
        for node in idx.nodes_of(scope):
            inner: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = idx.resolve(node.func)
                # wait_for(aw, timeout) / wait(aws, timeout=...)
                position = {"asyncio.wait_for": 1, "asyncio.wait": 99}.get(name)
                if position is not None and node.args and has_timeout(node, position):
                    inner = [node.args[0]]
            elif isinstance(node, ast.With | ast.AsyncWith) and any(
                isinstance(item.context_expr, ast.Call)
                and idx.resolve(item.context_expr.func) in TIMEOUT_SCOPES
                for item in node.items
            ):
                inner = list(node.body)
            for sub in inner:
                out.update(id(n) for n in walk_scope(sub))
    return out


def _classify(scan: _Waits, node: ast.AST, fn: FuncDef | None) -> tuple[str, str] | None:
    idx = scan.idx
    if isinstance(node, ast.While):
        call = consume_loop_call(idx, node, fn)
        if call:
            return ("consume-loop", call)
        polled = _polled_future(idx, node, fn)
        if polled:
            return ("future-poll", polled)
        if not scan.in_thread(fn):
            idle = _sleep_loop(idx, node, fn)
            if idle:
                return ("sleep-loop", idle)
        return None
    if isinstance(node, ast.Await):
        return _awaited_forever(idx, node, fn)
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in WAIT_NAMES and not (isinstance(func, ast.Name) and name in idx.imports):
        return None  # cannot be any wait below (an imported name may alias signal.pause)
    text = dotted(func)
    if name == "result" and isinstance(func, ast.Attribute):
        if _subscribe_future_waited(idx, node, func.value, fn):
            return ("future-result", text)
    elif name == "work" and isinstance(func, ast.Attribute):
        if not _burst(node) and _is_rq_worker(idx, func.value, fn):
            return ("rq-work-forever", text)
    elif _runs_forever(idx, node, fn):
        return ("run-forever", text)
    return None


def _runs_forever(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in ("run_forever", "serve_forever") or idx.resolve(func) == "signal.pause":
        return True
    return (
        name == "wait"
        and isinstance(func, ast.Attribute)
        and not has_timeout(call)
        and _unset_event(idx, func.value, fn)
    )


# -- Pub/Sub streaming pull ------------------------------------------------------------------


def _subscribe_future_waited(
    idx: ModuleIndex, call: ast.Call, receiver: ast.expr, fn: FuncDef | None
) -> bool:
    if has_timeout(call):
        return False
    if not any(_is_subscribe(o) for o in idx.origins(receiver, fn)):
        return False
    # ``future.cancel(); future.result()`` only waits for shutdown to finish.
    key = dotted(receiver)
    body = fn.node.body if fn else idx.tree.body
    for other in walk_scope(body):
        if (
            isinstance(other, ast.Call)
            and isinstance(other.func, ast.Attribute)
            and other.func.attr == "cancel"
            and dotted(other.func.value) == key
            and other.lineno <= call.lineno
        ):
            return False
    return True


def _is_subscribe(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "subscribe"
    )


# -- rq --------------------------------------------------------------------------------------


def _burst(call: ast.Call) -> bool:
    """True unless the call certainly runs without burst (absent or a literal false)."""
    value = kwarg(call, "burst")
    if value is None and call.args:
        value = call.args[0]
    if value is None:
        return False
    return not (isinstance(value, ast.Constant) and not value.value)


def rq_worker_class(idx: ModuleIndex, name: str) -> bool:
    def pred(resolved: str) -> bool:
        head, _, last = resolved.rpartition(".")
        if resolved.startswith("rq.") and last.endswith("Worker"):
            return True
        # ``from rq import *`` leaves the bare class name unresolved.
        return not head and resolved in ("Worker", "SimpleWorker") and resolved not in idx.classes

    return idx.class_is(name, pred)


def _is_rq_worker(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    for origin in idx.origins(receiver, fn):
        if isinstance(origin, ast.Call) and rq_worker_class(idx, idx.resolve(origin.func)):
            return True
    return False


# -- loops -----------------------------------------------------------------------------------


def consume_loop_call(idx: ModuleIndex, loop: ast.While, fn: FuncDef | None) -> str:
    """The consume call of a loop that never ends and never exits on empty, else ''."""
    if not _endless(loop):
        return ""
    call = next(_consume_calls(idx, loop.body, fn), None)
    if call is None or _exits(loop.body, nested=False):
        return ""
    return dotted(call.func)


def _endless(loop: ast.While) -> bool:
    test = loop.test
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute):
        if test.func.attr != "is_set" or test.args:
            return False
        flag, changes = dotted(test.func.value), {"set", "clear"}
        return bool(flag) and not _mutated_in(loop.body, flag, changes)
    if isinstance(test, ast.Name | ast.Attribute):
        flag = dotted(test)
        return bool(flag) and not _mutated_in(loop.body, flag, set())
    return False


def _mutated_in(body: list[ast.stmt], flag: str, methods: set[str]) -> bool:
    for node in walk_scope(body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in methods
        ):
            targets = [node.func.value]
        if any(dotted(t) == flag for t in targets):
            return True
    return False


def _consume_calls(
    idx: ModuleIndex, body: list[ast.stmt], fn: FuncDef | None
) -> Iterator[ast.Call]:
    for node in walk_scope(body):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attr = node.func.attr
        if consumes(node) or (attr == "get" and _queue_like(idx, node.func.value, fn)):
            yield node


def _queue_like(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    text = dotted(receiver)
    if text and QUEUE_NAME.search(text.rpartition(".")[2]):
        return True
    for origin in idx.origins(receiver, fn):
        if isinstance(origin, ast.Call) and idx.resolve(origin.func).endswith("Queue"):
            return True
    return False


def _exits(stmts: list[ast.stmt], nested: bool) -> bool:
    """True when the statements can leave the loop: break (outside inner loops), return, raise."""
    return any(_node_exits(stmt, nested) for stmt in stmts)


def _node_exits(node: ast.AST, nested: bool) -> bool:
    if isinstance(node, SCOPE_NODES):
        return False
    if isinstance(node, ast.Break):
        return not nested
    if isinstance(node, ast.Return | ast.Raise):
        return True
    if isinstance(node, ast.Call) and dotted(node.func) in EXIT_CALLS:
        return True
    if isinstance(node, ast.For | ast.AsyncFor | ast.While):
        if isinstance(node, ast.While) and _node_exits(node.test, nested):
            return True
        if isinstance(node, ast.For | ast.AsyncFor) and _node_exits(node.iter, nested):
            return True
        return _exits(node.body, nested=True) or _exits(node.orelse, nested)
    return any(_node_exits(child, nested) for child in ast.iter_child_nodes(node))


def _polled_future(idx: ModuleIndex, loop: ast.While, fn: FuncDef | None) -> str:
    """``while future.running(): sleep`` on a streaming-pull future nothing cancels, else ''."""
    test, negated = loop.test, False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, negated = test.operand, True
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and POLL_METHODS.get(test.func.attr) is negated
        and not test.args
    ):
        return ""
    receiver = test.func.value
    if not any(_is_subscribe(o) for o in idx.origins(receiver, fn)):
        return ""
    key = dotted(receiver)
    if _exits(loop.body, nested=False) or _mutated_in(loop.body, key, {"cancel"}):
        return ""
    return f"{key}.{test.func.attr}"


def _sleep_loop(idx: ModuleIndex, loop: ast.While, fn: FuncDef | None) -> str:
    """The sleep of a loop nothing ends (keep-alive, or a poller with no way out), else ''.

    Endless means a true constant, or a stop event that nothing can set: no ``.set``
    anywhere that sees it, never handed to other code. A flag variable is not followed
    (another module may assign it).
    """
    if not _forever_test(idx, loop.test, fn) or _exits(loop.body, nested=False):
        return ""
    for node in walk_scope(loop.body):
        if not isinstance(node, ast.Call):
            continue
        last = idx.resolve(node.func).rpartition(".")[2]
        if last == "sleep" or (last == "wait" and has_timeout(node)):
            return dotted(node.func)
    return ""


def _forever_test(idx: ModuleIndex, test: ast.expr, fn: FuncDef | None) -> bool:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        return False
    call = test.operand
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ("is_set", "wait")
        and _event_never_set(idx, call.func.value, fn)
    )


# -- events and futures ----------------------------------------------------------------------


def _unset_event(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    ctor = next(
        (
            o
            for o in idx.origins(receiver, fn)
            if isinstance(o, ast.Call) and idx.resolve(o.func) in EVENT_CTORS
        ),
        None,
    )
    if ctor is None:
        return False
    if ctor is receiver:
        return True
    return not _touched(idx, receiver, {"set"}, fn) and not _handed_out(idx, receiver, fn)


def _event_never_set(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    """An event made here (not a parameter) that no code able to reach it sets."""
    return _unset_event(idx, receiver, fn)


def _handed_out(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    """True when the value is passed to other code (an argument, a container, another name,
    a return): whoever receives it may set or resolve it."""
    key = dotted(receiver).rpartition(".")[2]
    scope: ast.AST = idx.tree
    if isinstance(receiver, ast.Name) and fn is not None and key in idx.locals_of(fn):
        scope = fn.node

    def named(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Name | ast.Attribute) and dotted(node).rpartition(".")[2] == key

    for node in ast.walk(scope):
        if isinstance(node, ast.Call):
            values = [*node.args, *(k.value for k in node.keywords)]
            values += [v.value for v in node.args if isinstance(v, ast.Starred)]
            if any(named(v) for v in values):
                return True
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            if any(named(v) for v in node.elts):
                return True
        elif isinstance(node, ast.Dict):
            if any(named(v) for v in node.values):
                return True
        elif isinstance(node, ast.Assign | ast.Return | ast.Yield) and named(node.value):
            return True
    return False


def _awaited_forever(
    idx: ModuleIndex, node: ast.Await, fn: FuncDef | None
) -> tuple[str, str] | None:
    value = node.value
    if isinstance(value, ast.Call) and _is_future_ctor(idx, value):
        return ("run-forever", dotted(value.func))
    if isinstance(value, ast.Name | ast.Attribute):
        created = any(
            isinstance(o, ast.Call) and _is_future_ctor(idx, o) for o in idx.origins(value, fn)
        )
        if created and not _touched(idx, value, {"set_result", "set_exception", "cancel"}, fn):
            return ("run-forever", dotted(value))
    return None


def _is_future_ctor(idx: ModuleIndex, call: ast.Call) -> bool:
    name = idx.resolve(call.func)
    return name in ("asyncio.Future", "asyncio.futures.Future") or name.endswith(".create_future")


def _touched(idx: ModuleIndex, receiver: ast.expr, methods: set[str], fn: FuncDef | None) -> bool:
    """True when the code that can see this value calls or hands out one of ``methods`` on it.

    A local variable is only visible in its function (closures included); anything
    else (globals, attributes) anywhere in the module.
    """
    key = dotted(receiver).rpartition(".")[2]
    scope: ast.AST = idx.tree
    if isinstance(receiver, ast.Name) and fn is not None and key in idx.locals_of(fn):
        scope = fn.node
    for node in ast.walk(scope):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in methods
            and dotted(node.value).rpartition(".")[2] == key
        ):
            return True
    return False


# -- Cloud Run Job environment ---------------------------------------------------------------


def job_env_reads(idx: ModuleIndex) -> list[CodeSite]:
    found: dict[int, tuple[set[str], str]] = {}
    for node, fn in scoped_nodes(idx):
        for name in _env_names(node):
            entry = found.setdefault(node.lineno, (set(), fn.qualname if fn else ""))  # type: ignore[attr-defined]
            entry[0].add(name)
    return [
        make_site(
            JOB_CONTEXT,
            idx.path,
            line,
            idx.lines,
            function=func,
            attrs={"mechanism": "env", "var": ",".join(sorted(names))},
        )
        for line, (names, func) in sorted(found.items())
    ]


def _env_names(node: ast.AST) -> Iterator[str]:
    key: ast.AST | None = None
    if isinstance(node, ast.Call) and node.args:
        text = dotted(node.func)
        if text.endswith("getenv") or (
            "environ" in text and text.rpartition(".")[2] in ("get", "pop", "setdefault")
        ):
            key = node.args[0]
    elif isinstance(node, ast.Subscript) and dotted(node.value).endswith("environ"):
        key = node.slice
    elif (
        isinstance(node, ast.Compare)
        and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
        and any(dotted(c).endswith("environ") for c in node.comparators)
    ):
        key = node.left
    if isinstance(key, ast.Constant) and key.value in CLOUD_RUN_JOB_VARS:
        yield str(key.value)
