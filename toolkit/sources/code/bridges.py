"""Threads that block on the event loop: the watcher-thread deadlock.

Code running outside the loop's thread (a watchdog handler, a ``threading.Thread``
target, a signal handler, a Pub/Sub streaming callback) may hand work to the loop;
it must not then wait for it. ``run_coroutine_threadsafe(...).result()`` parks the
thread until the loop runs the coroutine, and if the loop is waiting on anything
that thread holds, both wait forever. Which functions run in other threads is
resolved through the module (def-use of ``target=``, ``callback=``, base classes);
a hand-over that does not wait (``call_soon_threadsafe``, a future never waited
on) is not a fact.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import THREAD_LOOP_BRIDGE, make_site
from opsdoc.sources.code.pyindex import (
    FuncDef,
    ModuleIndex,
    dotted,
    has_timeout,
    kwarg,
    walk_scope,
)
from opsdoc.sources.code.subscribers import pubsub_callback

MAX_DEPTH = 2
LOOP_RUNNERS = frozenset({"run", "run_forever", "run_until_complete", "run_app"})
CALLBACK_API = re.compile(
    r"^(?:(?:add|register|set|subscribe|attach|connect)_\w*?(?:callback|listener|handler|hook)s?"
    r"|subscribe_\w+|add_\w*listener|on|on_\w+|listen)$"
)
"""Methods that register a function for a library to call later, usually from its own
thread (``client.subscribe_callback(fn)``, ``bus.add_listener(fn)``, ``ws.on("msg", fn)``)."""
LOOP_APIS = frozenset(
    {
        "add_signal_handler",
        "add_reader",
        "add_writer",
        "call_soon",
        "call_soon_threadsafe",
        "call_later",
        "call_at",
        "add_done_callback",
        "set_exception_handler",
        "run_in_executor",
        "add_event_handler",
        "on_event",
    }
)
"""Registrations whose callbacks run on the event loop's own thread (or are waited on)."""
CALLBACK_ATTR = re.compile(r"^on_\w+$|_(?:callback|listener|handler|hook)$")
"""Attributes a library calls (``client.on_message = handle``, paho-mqtt style)."""


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class ThreadEntry:
    body: list[ast.stmt] | ast.expr
    fn: FuncDef | None
    """The function whose body runs in the thread (None for a lambda)."""
    kind: str
    """``watchdog``, ``thread``, ``timer``, ``signal`` or ``pubsub-callback``."""
    name: str


def thread_loop_bridges(idx: ModuleIndex) -> list[CodeSite]:
    if not idx.mentions("run_coroutine_threadsafe", "run_until_complete", "asyncio.run", "run("):
        return []
    entries = list(thread_entries(idx))
    thread_funcs = {e.fn.qualname for e in entries if e.fn is not None}
    if idx.mentions("run_coroutine_threadsafe"):
        entries.extend(_sync_wrappers(idx, thread_funcs))
    if not entries:
        return []
    other_loop = _runs_loop_elsewhere(idx, thread_funcs)
    on_loop = _called_from_coroutines(idx)
    private = _runs_private_loop(idx)
    out: dict[int, CodeSite] = {}
    for entry in entries:
        for call, owner, what, timeout, loop in _bridges(idx, entry):
            if call.lineno in out:
                continue
            if entry.kind != "caller" and loop == "running":
                # A new thread has no running loop: `get_running_loop()` raises there, so the
                # wait is on a loop handed in, if any; bounded, that is no deadlock at all.
                if timeout == "true":
                    continue
                loop = ""
            if entry.kind == "caller" and (
                what != "run_coroutine_threadsafe().result"
                or _refuses_loop_thread(idx, entry.fn)
                or (private and timeout == "true" and entry.name not in on_loop)
                or (private and loop == "private")
                or (timeout == "true" and _awaited_on_executor(idx, entry.fn))
                or (timeout == "true" and (loop == "captured" or _handed_out(idx, entry.fn)))
            ):
                continue
            if loop == "captured":
                loop = ""
            attrs = {
                "call": what,
                "timeout": timeout,
                "thread": entry.kind,
                "entry": entry.name,
                "other_loop": str(other_loop).lower(),
                "loop": loop,
                "from_loop": str(entry.kind == "caller" and entry.name in on_loop).lower(),
            }
            out[call.lineno] = make_site(
                THREAD_LOOP_BRIDGE, idx.path, call.lineno, idx.lines, owner, attrs
            )
    return [out[line] for line in sorted(out)]


def thread_entries(idx: ModuleIndex) -> Iterator[ThreadEntry]:
    """Functions (and lambdas) of the module that run outside the event loop's thread."""
    for cls_name in idx.classes:
        if _is_watchdog_handler(idx, cls_name):
            for qual, fn in idx.funcs.items():
                if (
                    fn.cls == cls_name
                    and not fn.parent
                    and fn.node.name.startswith(("on_", "dispatch"))
                ):
                    yield ThreadEntry(fn.node.body, fn, "watchdog", qual)
        elif idx.class_is(cls_name, lambda n: n == "threading.Thread"):
            run = idx.funcs.get(f"{cls_name}.run")
            if run is not None:
                yield ThreadEntry(run.node.body, run, "thread", run.qualname)
    scopes: list[FuncDef | None] = [None, *idx.funcs.values()]
    for scope in scopes:
        for node in idx.nodes_of(scope):
            if isinstance(node, ast.Call):
                found = _registered(idx, node, scope)
                if found is not None:
                    kind, target = found
                    entry = _resolve_target(idx, target, scope, kind)
                    if entry is not None:
                        yield entry
                    continue
                for target in _library_callbacks(node):
                    entry = _resolve_target(idx, target, scope, "library-callback")
                    if entry is not None and _sync_entry(entry):
                        yield entry
                        break
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Attribute)
                and CALLBACK_ATTR.search(_snake(node.targets[0].attr))
            ):
                entry = _resolve_target(idx, node.value, scope, "library-callback")
                if entry is not None and _sync_entry(entry):
                    yield entry


def _library_callbacks(call: ast.Call) -> list[ast.expr]:
    """Arguments of a call that registers callbacks for a library to invoke later."""
    if not isinstance(call.func, ast.Attribute):
        return []
    attr = _snake(call.func.attr)
    if attr in LOOP_APIS or not CALLBACK_API.match(attr):
        return []
    return [*call.args, *(k.value for k in call.keywords)]


def _sync_entry(entry: ThreadEntry) -> bool:
    """A coroutine function handed to a library runs on a loop, not in the library's thread."""
    return entry.fn is None or isinstance(entry.fn.node, ast.FunctionDef)


THREAD_IDENTITY = frozenset(
    {
        "threading.get_ident",
        "threading.current_thread",
        "threading.main_thread",
        "_thread.get_ident",
    }
)


def _refuses_loop_thread(idx: ModuleIndex, fn: FuncDef | None) -> bool:
    """A wrapper that raises when called on the loop's own thread (``if self._thread_id ==
    threading.get_ident(): raise RuntimeError(...)``, as Textual's ``App.call_from_thread``):
    the certain deadlock is ruled out, and waiting is its documented contract with callers
    on other threads."""
    if fn is None:
        return False
    for node in walk_scope(fn.node.body):
        if not isinstance(node, ast.If):
            continue
        identity = any(
            isinstance(sub, ast.Call) and idx.resolve(sub.func) in THREAD_IDENTITY
            for sub in ast.walk(node.test)
        )
        if identity and any(isinstance(stmt, ast.Raise) for stmt in node.body):
            return True
    return False


EXECUTOR_HANDOVERS = {"run_in_executor": 1, "to_thread": 0}
"""Calls that run a function on a worker thread while the caller awaits, and the position
of that function among their arguments."""


def _awaited_on_executor(idx: ModuleIndex, fn: FuncDef | None) -> bool:
    """Every use of the wrapper in its module hands it to a worker thread that the caller
    awaits (``await loop.run_in_executor(None, wrapper, coro, loop, timeout)``,
    ``await asyncio.to_thread(wrapper, ...)``, or an ``async def`` of the module that
    does so with the function it is given): the wait parks an executor thread, never a
    loop's own thread, and the caller's loop keeps running while it awaits. A wrapper the
    module never uses, or also calls directly, may run anywhere."""
    if fn is None or fn.parent:
        return False
    name = fn.node.name
    awaited = {
        id(node.value)
        for node in ast.walk(idx.tree)
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call)
    }
    uses = 0
    scopes: list[FuncDef | None] = [None, *idx.funcs.values()]
    for scope in scopes:
        for node in idx.nodes_of(scope):
            if not isinstance(node, ast.Call):
                continue
            if _names(node.func, name, fn):
                return False  # called directly: on whatever thread its caller runs
            for pos, arg in enumerate(node.args):
                if not _names(arg, name, fn):
                    continue
                if id(node) not in awaited or not _runs_on_executor(idx, node, pos, scope):
                    return False
                uses += 1
    return uses > 0


def _names(expr: ast.expr, name: str, fn: FuncDef) -> bool:
    """``expr`` is a reference to ``fn`` (``name``, or ``self.name`` for a method)."""
    if not fn.cls:
        return isinstance(expr, ast.Name) and expr.id == name
    return (
        isinstance(expr, ast.Attribute)
        and expr.attr == name
        and isinstance(expr.value, ast.Name)
        and expr.value.id in ("self", "cls", fn.cls)
    )


def _runs_on_executor(idx: ModuleIndex, call: ast.Call, pos: int, scope: FuncDef | None) -> bool:
    """``call`` runs its argument at ``pos`` on a worker thread."""
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if EXECUTOR_HANDOVERS.get(attr) == pos or (
        idx.resolve(call.func) == "asyncio.to_thread" and pos == 0
    ):
        return True
    callee = idx.local_callee(call, scope)
    if callee is None or not isinstance(callee.node, ast.AsyncFunctionDef):
        return False
    params = [*callee.node.args.posonlyargs, *callee.node.args.args]
    if callee.cls and params and params[0].arg in ("self", "cls"):
        params = params[1:]
    if pos >= len(params):
        return False
    param = params[pos].arg
    for node in walk_scope(callee.node.body):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
            continue
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        index = EXECUTOR_HANDOVERS.get(attr)
        if idx.resolve(node.func) == "asyncio.to_thread":
            index = 0
        if index is None or len(node.args) <= index:
            continue
        handed = node.args[index]
        # the function itself, or a lambda or partial that calls it
        if any(isinstance(n, ast.Name) and n.id == param for n in ast.walk(handed)):
            return True
    return False


def _runs_private_loop(idx: ModuleIndex) -> bool:
    """The module makes its own event loop (``asyncio.new_event_loop()``) and runs it on a
    thread it starts (redis-py's health-check scheduler, an MCP client's session thread):
    only the module's own coroutines run there. A bounded wait from another thread on that
    loop stalls at most for its timeout; a wrapper whose wait targets the made loop itself
    cannot deadlock a caller's loop, even from a coroutine, since it is not that loop."""
    made = forever = thread = False
    for node in ast.walk(idx.tree):
        # called on the thread, or handed to it: `Thread(target=loop.run_forever)`
        forever |= isinstance(node, ast.Attribute) and node.attr in (
            "run_forever",
            "run_until_complete",
        )
        if not isinstance(node, ast.Call):
            continue
        name = idx.resolve(node.func)
        made |= name == "asyncio.new_event_loop"
        thread |= name == "threading.Thread"
    return made and forever and thread


def _sync_wrappers(idx: ModuleIndex, thread_funcs: set[str]) -> Iterator[ThreadEntry]:
    """Plain functions that wait on the loop: whoever calls them, from whatever thread."""
    for qual, fn in idx.funcs.items():
        if qual in thread_funcs or not isinstance(fn.node, ast.FunctionDef):
            continue
        if any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "result"
            for node in idx.nodes_of(fn)
        ):
            yield ThreadEntry(fn.node.body, fn, "caller", qual)


def _called_from_coroutines(idx: ModuleIndex) -> set[str]:
    """Synchronous functions a coroutine of the module calls (directly or through one more
    synchronous function): they run on the loop's thread."""
    found: set[str] = set()
    frontier = [fn for fn in idx.funcs.values() if isinstance(fn.node, ast.AsyncFunctionDef)]
    for _ in range(MAX_DEPTH):
        nxt = []
        for fn in frontier:
            for node in idx.nodes_of(fn):
                if not isinstance(node, ast.Call):
                    continue
                callee = idx.local_callee(node, fn)
                if (
                    callee is not None
                    and isinstance(callee.node, ast.FunctionDef)
                    and callee.qualname not in found
                ):
                    found.add(callee.qualname)
                    nxt.append(callee)
        frontier = nxt
    return found


def _is_watchdog_handler(idx: ModuleIndex, cls_name: str) -> bool:
    return idx.class_is(
        cls_name, lambda n: n.startswith("watchdog.") and n.endswith("EventHandler")
    )


def _registered(
    idx: ModuleIndex, call: ast.Call, scope: FuncDef | None
) -> tuple[str, ast.expr] | None:
    """(thread kind, callable) when ``call`` hands a callable to another thread."""
    name = idx.resolve(call.func)
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    if name in ("threading.Thread", "threading.Timer") or idx.class_is(
        name, lambda n: n == "threading.Thread"
    ):
        kind = "timer" if name.endswith("Timer") else "thread"
        if "target" in kw:
            return kind, kw["target"]
        if kind == "timer" and len(call.args) >= 2:
            return kind, call.args[1]
        if kind == "thread" and len(call.args) >= 2:
            return kind, call.args[1]
        if "function" in kw:
            return kind, kw["function"]
        return None
    if name == "signal.signal" and len(call.args) >= 2:
        return "signal", call.args[1]
    if attr == "subscribe":
        target = pubsub_callback(idx, call, scope)
        if target is not None:
            return "pubsub-callback", target
    return None


def _resolve_target(
    idx: ModuleIndex, target: ast.expr, scope: FuncDef | None, kind: str
) -> ThreadEntry | None:
    for origin in idx.origins(target, scope):
        if isinstance(origin, ast.Lambda):
            return ThreadEntry(origin.body, None, kind, "<lambda>")
        if isinstance(origin, ast.Call) and dotted(origin.func).endswith("partial") and origin.args:
            origin = origin.args[0]
        if isinstance(origin, ast.Name | ast.Attribute):
            fn = idx.local_callee(ast.Call(func=origin, args=[], keywords=[]), scope)
            if fn is not None:
                return ThreadEntry(fn.node.body, fn, kind, fn.qualname)
    return None


def _bridges(idx: ModuleIndex, entry: ThreadEntry) -> Iterator[tuple[ast.Call, str, str, str, str]]:
    """(call, function holding it, what it is, timeout, loop) for every blocking hand-over."""
    seen: set[str] = set()
    stack: list[tuple[list[ast.stmt] | ast.expr, FuncDef | None, int]] = [(entry.body, entry.fn, 0)]
    while stack:
        body, fn, depth = stack.pop()
        if fn is not None:
            if fn.qualname in seen:
                continue
            seen.add(fn.qualname)
        owner = fn.qualname if fn else entry.name
        for node in walk_scope(body):
            if not isinstance(node, ast.Call):
                continue
            found = _bridge(idx, node, fn)
            if found is not None:
                yield node, owner, *found
                continue
            callee = idx.local_callee(node, fn)
            if (
                callee is not None
                and isinstance(callee.node, ast.FunctionDef)
                and depth < MAX_DEPTH
            ):
                stack.append((callee.node.body, callee, depth + 1))


def _bridge(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> tuple[str, str, str] | None:
    """(what, timeout, loop) of a blocking hand-over; loop is ``running`` when the target loop
    is ``asyncio.get_running_loop()``: the caller is on that loop's thread."""
    name = idx.resolve(call.func)
    if name == "asyncio.run":
        return "asyncio.run", "", ""
    if not isinstance(call.func, ast.Attribute):
        return None
    attr, receiver = call.func.attr, call.func.value
    if attr == "result":
        for origin, scope in idx.scoped_origins(receiver, fn):
            if isinstance(origin, ast.Call) and dotted(origin.func).endswith(
                "run_coroutine_threadsafe"
            ):
                loop = _running_loop(idx, origin, scope) or (
                    "private" if _made_loop(idx, origin, scope) else ""
                )
                within = fn.node if fn is not None else None
                timed = has_timeout(call, within=within)
                return "run_coroutine_threadsafe().result", str(timed).lower(), loop
        return None
    if (
        attr == "run_until_complete"
        and not _thread_own_loop(idx, receiver, fn)
        and not _owns_loop(idx, fn, dotted(receiver))
    ):
        return "run_until_complete", "", ""
    return None


def _thread_own_loop(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef | None) -> bool:
    """The loop is the running thread's own: made here (``asyncio.new_event_loop()``), or
    looked up here with ``asyncio.get_event_loop()``, which answers the loop set for the
    calling thread (an executor's ``initializer`` that sets a fresh loop per worker
    thread) and raises in a thread without one: it never hands back another thread's
    running loop, so ``run_until_complete`` on it cannot wait on that loop. A loop
    looked up elsewhere (``self.loop = asyncio.get_event_loop()`` in ``__init__``, on
    the main thread) is that other thread's loop."""
    for origin, where in idx.scoped_origins(receiver, fn):
        if not isinstance(origin, ast.Call):
            continue
        name = idx.resolve(origin.func)
        if name == "asyncio.new_event_loop":
            return True
        if name == "asyncio.get_event_loop" and where is fn:
            return True
    return False


def _made_loop(idx: ModuleIndex, submit: ast.Call, scope: FuncDef | None) -> bool:
    """True when ``run_coroutine_threadsafe(coro, loop)`` targets a loop the module made
    itself (``self._loop = asyncio.new_event_loop()``), not one a caller runs."""
    loop = submit.args[1] if len(submit.args) > 1 else kwarg(submit, "loop")
    if loop is None:
        return False
    return any(
        isinstance(o, ast.Call) and idx.resolve(o.func) == "asyncio.new_event_loop"
        for o in idx.origins(loop, scope)
    )


def _running_loop(idx: ModuleIndex, submit: ast.Call, scope: FuncDef | None) -> str:
    """``running`` when ``run_coroutine_threadsafe(coro, loop)`` targets the caller's
    running loop; ``captured`` when an enclosing coroutine captured it for a callback.

    A loop an enclosing coroutine captured (``loop = asyncio.get_running_loop()``, then a
    nested ``def``) is the caller's own only when the coroutine itself calls the nested
    function, directly or through nested functions it calls: one handed to
    ``run_in_executor`` or passed on as a callback (``on_token=on_token``) runs on the
    thread that calls it back, which is the point of capturing the loop first."""
    loop = submit.args[1] if len(submit.args) > 1 else kwarg(submit, "loop")
    if loop is None:
        return ""
    found = ""
    for origin, where in idx.scoped_origins(loop, scope):
        if not (
            isinstance(origin, ast.Call) and idx.resolve(origin.func) == "asyncio.get_running_loop"
        ):
            continue
        if where is None or scope is None or where.qualname == scope.qualname:
            return "running"
        if _called_within(idx, where, scope):
            return "running"
        found = "captured"
    return found


def _handed_out(idx: ModuleIndex, fn: FuncDef | None) -> bool:
    """A closure its enclosing function never calls, only returns or passes on (a confirm
    callback a factory builds for a library): it runs on the thread that calls it back,
    the hand-off a bounded wait is made for."""
    parent = idx.funcs.get(fn.parent) if fn is not None and fn.parent else None
    return parent is not None and fn is not None and not _called_within(idx, parent, fn)


def _called_within(idx: ModuleIndex, caller: FuncDef, wanted: FuncDef) -> bool:
    """True when ``caller``'s body calls ``wanted``, directly or through the nested
    functions it calls (never through a function it only passes on)."""
    seen: set[str] = set()
    stack = [caller]
    while stack:
        current = stack.pop()
        if current.qualname in seen or len(seen) > MAX_DEPTH * 8:
            continue
        seen.add(current.qualname)
        for node in walk_scope(current.node.body):
            if not isinstance(node, ast.Call):
                continue
            callee = idx.local_callee(node, current)
            if callee is None:
                continue
            if callee.qualname == wanted.qualname:
                return True
            if callee.parent and isinstance(callee.node, ast.FunctionDef):
                stack.append(callee)
    return False


def _owns_loop(idx: ModuleIndex, fn: FuncDef | None, loop: str) -> bool:
    """True when the thread function itself runs or installs this loop (it is the loop's thread)."""
    if fn is None or not loop:
        return False
    for node in walk_scope(fn.node.body):
        if not isinstance(node, ast.Call):
            continue
        if idx.resolve(node.func) == "asyncio.set_event_loop" and any(
            dotted(a) == loop for a in node.args
        ):
            return True
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "run_forever"
            and dotted(node.func.value) == loop
        ):
            return True
    return False


def _runs_loop_elsewhere(idx: ModuleIndex, thread_funcs: set[str]) -> bool:
    """True when code outside the thread functions runs or captures an event loop."""
    bodies: list[list[ast.stmt]] = [idx.tree.body]
    bodies += [fn.node.body for q, fn in idx.funcs.items() if q not in thread_funcs]
    for body in bodies:
        for node in walk_scope(body):
            if not isinstance(node, ast.Call):
                continue
            name = idx.resolve(node.func)
            if name in ("asyncio.get_running_loop", "asyncio.get_event_loop", "uvicorn.run"):
                return True
            if name == "asyncio.run" or (
                isinstance(node.func, ast.Attribute) and node.func.attr in LOOP_RUNNERS - {"run"}
            ):
                return True
    return False
