"""What a function does before it returns: long work, offloads, external calls.

An HTTP handler is only as slow as the work it does synchronously, in its own
body or in the module's helpers it calls (followed to `MAX_DEPTH`). Work handed
to a thread, a task, an executor or a queue continues after the response; that
is what `offloads` and the background sites record. Calls made only to build the
argument of an offload (``create_task(run())``) do not run in the request.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from opsdoc.sources.code.pyindex import (
    SCOPE_NODES,
    FuncDef,
    ModuleIndex,
    dotted,
    has_timeout,
    kwarg,
    walk_scope,
)

MAX_DEPTH = 3
HTTP_ROOTS = ("requests.", "httpx.", "urllib.request.urlopen", "urllib3.")
HTTP_CLIENT_CTORS = ("requests.Session", "requests.session", "httpx.Client", "urllib3.PoolManager")
MEDIA_ROOTS = frozenset({"ffmpeg", "pydub", "moviepy", "librosa", "soundfile", "whisper"})
LLM_SUFFIXES = (".messages.create", ".completions.create", ".responses.create")
ENQUEUE_METHODS = frozenset(
    {"enqueue", "enqueue_call", "enqueue_in", "enqueue_at", "delay", "apply_async", "send_task"}
)
COLLECTION_METHODS = frozenset(
    {"add", "append", "appendleft", "insert", "extend", "put", "put_nowait", "setdefault", "update"}
)
NOT_EXTERNAL_ROOTS = frozenset(
    {
        "fastapi",
        "starlette",
        "flask",
        "django",
        "rest_framework",
        "pydantic",
        "werkzeug",
        "structlog",
        "typing_extensions",
        "sqlalchemy",
        "quart",
    }
) | frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class Background:
    """A call that starts work which outlives the current function."""

    node: ast.Call
    owner: str
    """Qualified name of the function holding the call."""
    mechanism: str
    kept: bool
    waited: bool = False
    """The function itself waits for the work (awaits, joins or gathers it) before returning."""


@dataclass
class Summary:
    long_work: set[str] = field(default_factory=set)
    offloads: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)
    """Functions of the module this one runs synchronously (itself included)."""


def summarize(idx: ModuleIndex, fn: FuncDef) -> Summary:
    out = Summary()
    _visit_func(idx, fn, out, depth=0)
    return out


def _visit_func(idx: ModuleIndex, fn: FuncDef, out: Summary, depth: int) -> None:
    if fn.qualname in out.reached:
        return
    out.reached.add(fn.qualname)
    for stmt in fn.node.body:
        _visit(idx, fn, stmt, out, depth, in_loop=False, awaited=False)


def _visit(
    idx: ModuleIndex,
    fn: FuncDef,
    node: ast.AST,
    out: Summary,
    depth: int,
    in_loop: bool,
    awaited: bool,
) -> None:
    if isinstance(node, SCOPE_NODES):
        return
    if isinstance(node, ast.For | ast.AsyncFor | ast.While):
        head = node.test if isinstance(node, ast.While) else node.iter
        _visit(idx, fn, head, out, depth, in_loop, False)
        # a loop over a list the configuration fixes runs a known, small number of times
        looped = in_loop or not (isinstance(node, ast.For) and configured(node.iter))
        for stmt in [*node.body, *node.orelse]:
            _visit(idx, fn, stmt, out, depth, looped, False)
        return
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
        in_loop = True
    if isinstance(node, ast.Await):
        if isinstance(node.value, ast.Call) and _awaited_offload(idx, fn, node.value, out, depth):
            return
        _visit(idx, fn, node.value, out, depth, in_loop, True)
        return
    if isinstance(node, ast.Call):
        mechanism = offload_kind(idx, node, fn)
        if mechanism:
            out.offloads.add(mechanism)
            _visit(idx, fn, node.func, out, depth, in_loop, False)
            return  # the arguments are the deferred work
        kind = long_kind(idx, node, fn, in_loop, awaited)
        if kind:
            out.long_work.add(kind)
        callee = idx.local_callee(node, fn)
        if callee is not None:
            if depth < MAX_DEPTH:
                _visit_func(idx, callee, out, depth + 1)
        elif depth == 0 and not kind:
            name = external_call(idx, node)
            if name and name not in out.calls:
                out.calls.append(name)
    for child in ast.iter_child_nodes(node):
        _visit(idx, fn, child, out, depth, in_loop, False)


SPLITTERS = frozenset({"split", "splitlines", "strip", "items", "keys", "values"})


def configured(expr: ast.expr) -> bool:
    """A collection the configuration fixes: a literal of constants, or a constant by
    Python's naming convention (``OVERVIEW_URLS``, ``settings.OVERVIEW_URLS.split(",")``):
    its length is set by whoever deploys, not by a request or the data."""
    while (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in SPLITTERS
    ):
        expr = expr.func.value
    if isinstance(expr, ast.List | ast.Tuple | ast.Set):
        return all(isinstance(e, ast.Constant) for e in expr.elts)
    name = expr.attr if isinstance(expr, ast.Attribute) else getattr(expr, "id", "")
    return len(name) > 1 and name.isupper()


def _awaited_offload(
    idx: ModuleIndex, fn: FuncDef, call: ast.Call, out: Summary, depth: int
) -> bool:
    """``await loop.run_in_executor(None, f)`` / ``await asyncio.to_thread(f)``: the handler
    still waits for ``f``, so its long work counts."""
    name = idx.resolve(call.func)
    if name.endswith("run_in_executor") and len(call.args) >= 2:
        target = call.args[1]
    elif (
        name
        in (
            "asyncio.to_thread",
            "anyio.to_thread.run_sync",
            "starlette.concurrency.run_in_threadpool",
        )
        and call.args
    ):
        target = call.args[0]
    else:
        return False
    local = idx.local_callee(ast.Call(func=target, args=[], keywords=[]), fn)
    if local is not None and depth < MAX_DEPTH:
        _visit_func(idx, local, out, depth + 1)
    for arg in call.args:
        _visit(idx, fn, arg, out, depth, False, False)
    return True


# -- classification --------------------------------------------------------------------------


def _attr(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def is_thread_class(idx: ModuleIndex, name: str) -> bool:
    return idx.class_is(name, lambda n: n in ("threading.Thread", "threading.Timer"))


def offload_kind(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> str:
    """The offload mechanism a call starts ('' when it starts none)."""
    name = idx.resolve(call.func)
    attr = _attr(call)
    if is_thread_class(idx, name):
        return "thread"
    if idx.class_is(name, lambda n: n == "multiprocessing.Process") or name == "subprocess.Popen":
        return "process"
    if attr == "create_task" or name == "asyncio.create_task":
        if "tasks_v2" in name or any(kwarg(call, k) is not None for k in ("parent", "task")):
            return "cloud_tasks"
        if isinstance(call.func, ast.Attribute) and any(
            isinstance(o, ast.Call) and "tasks_v2" in idx.resolve(o.func)
            for o in idx.origins(call.func.value, fn)
        ):
            return "cloud_tasks"
        return "create_task"
    if name.endswith("ensure_future"):
        return "create_task"
    if attr == "add_task":
        return "background_tasks"
    if attr == "submit" and _executor_like(idx, call, fn):
        return "executor"
    if attr == "run_in_executor" or name in ("asyncio.to_thread", "anyio.to_thread.run_sync"):
        return "executor"
    if attr in ENQUEUE_METHODS:
        return "enqueue"
    if attr == "publish":
        return "publish"
    return ""


def _rpc_future(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    """``.result()`` of a future a client library's async call returned (ndb's
    ``get_by_id_async``, ``put_async``): one RPC, bounded by the client's own deadline,
    not work of unbounded length. Found through the receiver's binding, or, when it
    comes out of a container, by the function starting such calls and no other
    futures (no executor, no cross-thread submit)."""
    if not isinstance(call.func, ast.Attribute):
        return False
    origins = [o for o in idx.origins(call.func.value, fn) if isinstance(o, ast.Call)]
    if origins:
        return all(_attr(o).endswith("_async") for o in origins)
    made = [n for n in idx.nodes_of(fn) if isinstance(n, ast.Call)] if fn is not None else []
    return any(_attr(n).endswith("_async") for n in made) and not any(
        _attr(n) in ("submit", "run_coroutine_threadsafe", "Future", "create_future")
        or dotted(n.func).endswith("run_coroutine_threadsafe")
        for n in made
    )


def _executor_like(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = call.func.value
    if "executor" in dotted(receiver).lower() or "pool" in dotted(receiver).lower():
        return True
    return any(
        isinstance(o, ast.Call) and idx.resolve(o.func).endswith(("Executor", "Pool"))
        for o in idx.origins(receiver, fn)
    )


def long_kind(
    idx: ModuleIndex, call: ast.Call, fn: FuncDef | None, in_loop: bool, awaited: bool
) -> str:
    """The kind of long operation a call performs synchronously ('' for none)."""
    name = idx.resolve(call.func)
    attr = _attr(call)
    if name.startswith("subprocess.") or name in ("os.system", "os.popen"):
        return "subprocess"
    if attr == "communicate" and not has_timeout(call, 1):
        return "subprocess"
    if name == "time.sleep":
        arg = call.args[0] if call.args else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, int | float)):
            return "sleep"
        return "sleep" if arg.value >= 1 else ""
    if in_loop and not awaited and _sync_http(idx, call, fn):
        return "http-in-loop"
    if awaited:
        return ""
    if attr == "result" and not has_timeout(call) and not _rpc_future(idx, call, fn):
        return "future-result"
    if name.endswith(LLM_SUFFIXES) or dotted(call.func).endswith(LLM_SUFFIXES):
        return "llm-call"
    if name.split(".")[0] in MEDIA_ROOTS and name.split(".")[0] in idx.imports.values():
        return "media"
    if attr == "join" and not call.args and not has_timeout(call):
        return "join"
    if attr == "wait" and not has_timeout(call):
        return "wait"
    return ""


def _sync_http(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    name = idx.resolve_import(call.func, fn)  # a local list named ``requests`` is no client
    if name.startswith(HTTP_ROOTS) and name.rpartition(".")[2][:1].islower():
        return not name.startswith("httpx.AsyncClient")
    if not isinstance(call.func, ast.Attribute):
        return False
    return any(
        isinstance(o, ast.Call) and idx.resolve(o.func) in HTTP_CLIENT_CTORS
        for o in idx.origins(call.func.value, fn)
    )


def external_call(idx: ModuleIndex, call: ast.Call) -> str:
    """The name of an imported, project-level function called here ('' otherwise)."""
    text = dotted(call.func)
    if not text or "()" in text:
        return ""
    head = text.split(".")[0]
    full = idx.imports.get(head)
    if full is None:
        return ""
    if full.split(".")[0] in NOT_EXTERNAL_ROOTS:
        return ""
    if not text.rpartition(".")[2][:1].islower():
        return ""  # classes and constants, not functions
    return text


# -- background work -------------------------------------------------------------------------

BACKGROUND_MECHANISMS = {"thread", "create_task", "background_tasks", "executor"}


def background_sites(idx: ModuleIndex) -> Iterator[Background]:
    """Calls that start work outliving their function, with whether the handle is kept."""
    if not idx.mentions("Thread", "create_task", "ensure_future", "add_task", ".submit("):
        return
    for fn in idx.funcs.values():
        found = [
            (node, mechanism)
            for node in idx.nodes_of(fn)
            if isinstance(node, ast.Call) and (mechanism := _background_mechanism(idx, node, fn))
        ]
        parents = _parents(fn.node.body) if found else {}
        for node, mechanism in found:
            if mechanism == "thread" and not _started(idx, fn, node, parents):
                continue
            kept = mechanism == "background_tasks" or _kept(fn, node, parents, mechanism)
            waited = mechanism != "background_tasks" and _waited(fn, node, parents)
            yield Background(node, fn.qualname, mechanism, kept, waited)


def _background_mechanism(idx: ModuleIndex, call: ast.Call, fn: FuncDef) -> str:
    kind = offload_kind(idx, call, fn)
    if kind == "create_task" and idx.resolve(call.func).endswith("ensure_future"):
        return "ensure_future"
    if kind == "executor" and _attr(call) != "submit":
        return ""
    return kind if kind in BACKGROUND_MECHANISMS else ""


def _parents(body: list[ast.stmt]) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in walk_scope(body):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _started(idx: ModuleIndex, fn: FuncDef, ctor: ast.Call, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(ctor))
    if isinstance(parent, ast.Attribute) and parent.attr == "start":
        return True
    target = _assigned_to(ctor, parents)
    if not target:
        return False
    scope = idx.tree if "." in target else fn.node
    for node in ast.walk(scope):
        if (
            isinstance(node, ast.Call)
            and _attr(node) == "start"
            and isinstance(node.func, ast.Attribute)
            and dotted(node.func.value) == target
        ):
            return True
    return False


def _assigned_to(node: ast.AST, parents: dict[int, ast.AST]) -> str:
    parent = parents.get(id(node))
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return dotted(parent.targets[0])
    if isinstance(parent, ast.AnnAssign | ast.NamedExpr):
        return dotted(parent.target)
    return ""


def _kept(fn: FuncDef, call: ast.Call, parents: dict[int, ast.AST], mechanism: str) -> bool:
    node: ast.AST = call
    parent = parents.get(id(node))
    if mechanism == "thread" and isinstance(parent, ast.Attribute) and parent.attr == "start":
        node = parents.get(id(parent), parent)  # the .start() call
        parent = parents.get(id(node))
        return not isinstance(parent, ast.Expr)
    if isinstance(parent, ast.Expr):
        return False
    if isinstance(parent, ast.Attribute):
        # ``create_task(...).add_done_callback(cb)`` as a statement: nothing holds the task
        method_call = parents.get(id(parent))
        return not isinstance(parents.get(id(method_call)), ast.Expr)
    if isinstance(parent, ast.Assign | ast.AnnAssign | ast.NamedExpr):
        target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
        if not isinstance(target, ast.Name):
            return True  # stored on an attribute or in a collection
        return _name_kept(fn, target.id, parent)
    return parent is not None  # returned, awaited, or passed on


def _name_kept(fn: FuncDef, name: str, binding: ast.AST) -> bool:
    line = getattr(binding, "lineno", 0)
    for node in walk_scope(fn.node.body):
        if getattr(node, "lineno", 0) < line:
            continue
        if (
            isinstance(node, ast.Call)
            and any(_is_name(a, name) for a in node.args)
            and (
                _attr(node) in COLLECTION_METHODS or dotted(node.func).endswith(("gather", "wait"))
            )
        ):
            return True
        if isinstance(node, ast.Await | ast.Return) and _is_name(node.value, name):
            return True
        if (
            isinstance(node, ast.Assign)
            and _is_name(node.value, name)
            and any(not isinstance(t, ast.Name) for t in node.targets)
        ):
            return True
        if isinstance(node, ast.List | ast.Set | ast.Tuple) and any(
            _is_name(e, name) for e in node.elts
        ):
            return True
    return False


def _is_name(node: ast.AST | None, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


WAIT_METHODS = frozenset({"result", "join", "wait", "exception"})
WAIT_FUNCS = ("gather", "wait", "wait_for", "shield", "as_completed", "run_until_complete")


def _in_executor_block(call: ast.Call, parents: dict[int, ast.AST]) -> bool:
    """``with ThreadPoolExecutor() as pool: pool.submit(f)``: leaving the block shuts the
    executor down and waits for every job submitted to it, so the function returns
    only once they are done."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return False
    name = func.value.id
    node: ast.AST | None = parents.get(id(call))
    while node is not None:
        if isinstance(node, ast.With) and any(
            isinstance(item.optional_vars, ast.Name) and item.optional_vars.id == name
            for item in node.items
        ):
            return True
        node = parents.get(id(node))
    return False


def _waited(fn: FuncDef, call: ast.Call, parents: dict[int, ast.AST]) -> bool:
    """True when the function waits for the started work before it returns.

    Followed through one local name and one collection it is added to:
    ``tasks.append(create_task(...))`` then ``await asyncio.gather(*tasks)``.
    """
    if _in_executor_block(call, parents):
        return True
    node: ast.AST = call
    parent = parents.get(id(node))
    if mechanism_started(parent) and parent is not None:
        node = parents.get(id(parent), parent)  # Thread(...).start()
        parent = parents.get(id(node))
    if isinstance(parent, ast.Await):
        return True
    if isinstance(parent, ast.Attribute) and parent.attr in WAIT_METHODS:
        return True
    names: set[str] = set()
    target = _assigned_to(node, parents)
    if target and "." not in target:
        names.add(target)
    if isinstance(parent, ast.Call):
        names.add(_collection(parent))
    for sub in walk_scope(fn.node.body):
        if isinstance(sub, ast.Call) and any(_is_name(a, n) for a in sub.args for n in list(names)):
            names.add(_collection(sub))
    names.discard("")
    if not names:
        return False
    for sub in walk_scope(fn.node.body):
        if isinstance(sub, ast.Await) and any(_mentions(sub.value, n) for n in names):
            return True
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in WAIT_METHODS
            and dotted(func.value) in names
        ):
            return True
        if dotted(func).endswith(WAIT_FUNCS) and any(
            _mentions(a, n) for a in sub.args for n in names
        ):
            return True
    return False


def _collection(call: ast.Call) -> str:
    """The collection a call adds to (``tasks`` in ``tasks.append(x)``), or ''."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in COLLECTION_METHODS:
        return dotted(func.value)
    return ""


def mechanism_started(parent: ast.AST | None) -> bool:
    return isinstance(parent, ast.Attribute) and parent.attr == "start"


def _mentions(node: ast.AST, name: str) -> bool:
    return any(dotted(n) == name for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute))
