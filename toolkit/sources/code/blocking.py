"""Blocking calls inside ``async def``: what starves an event loop.

A coroutine that calls ``time.sleep`` or a synchronous HTTP client holds the
loop's only thread: no other request, task or heartbeat runs until it returns.
Calls are recognised through where their receiver comes from (a ``requests.Session``,
an ``anthropic.Anthropic`` client, a ``queue.Queue``), not by variable names, and
synchronous helpers of the same module that a coroutine calls are followed, because
that is where the blocking call usually hides. Work handed to ``asyncio.to_thread``
or ``run_in_executor`` (a function reference, a lambda, a nested ``def``) is not
run by the loop and is never reported.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import BLOCKING_IN_ASYNC, make_site
from opsdoc.sources.code.pyindex import (
    SCOPE_NODES,
    FuncDef,
    ModuleIndex,
    child_nodes,
    dotted,
    has_timeout,
    kwarg,
    param_annotation,
    walk_scope,
)
from opsdoc.sources.code.registry import registry_key
from opsdoc.sources.code.scripts import alone_entry, names_loaded, script_of

Loader = Callable[[str], ModuleIndex | None]
"""Index of a project module by dotted name (None when it is not the project's)."""

MAX_HELPER_DEPTH = 2

ASYNC_HTTP = "httpx.AsyncClient or aiohttp.ClientSession (await the call)"
TO_THREAD = "await asyncio.to_thread(...)"

CALLS: dict[str, str] = {
    "time.sleep": "await asyncio.sleep(...)",
    "urllib.request.urlopen": ASYNC_HTTP,
    "subprocess.run": "await asyncio.create_subprocess_exec(...) and await proc.communicate()",
    "subprocess.call": "await asyncio.create_subprocess_exec(...) and await proc.wait()",
    "subprocess.check_call": "await asyncio.create_subprocess_exec(...) and await proc.wait()",
    "subprocess.check_output": "await asyncio.create_subprocess_exec(...) and await "
    "proc.communicate()",
    "subprocess.getoutput": "await asyncio.create_subprocess_shell(...)",
    "os.system": "await asyncio.create_subprocess_shell(...)",
    "socket.create_connection": "await asyncio.open_connection(...)",
    "smtplib.SMTP": "aiosmtplib, or " + TO_THREAD,
    "psycopg2.connect": "psycopg (v3) AsyncConnection or asyncpg",
    "pymongo.MongoClient": "motor (AsyncIOMotorClient) or pymongo.AsyncMongoClient",
}
"""Module-level functions that block, by resolved name, with their async alternative."""

HTTP_FUNCS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
)
"""Module-level functions of ``requests`` and ``httpx`` that perform a request."""

CLIENTS: dict[str, str] = {
    "requests.Session": ASYNC_HTTP,
    "requests.session": ASYNC_HTTP,
    "httpx.Client": "httpx.AsyncClient",
    "urllib3.PoolManager": ASYNC_HTTP,
    "anthropic.Anthropic": "anthropic.AsyncAnthropic",
    "anthropic.AnthropicVertex": "anthropic.AsyncAnthropicVertex",
    "anthropic.AnthropicBedrock": "anthropic.AsyncAnthropicBedrock",
    "openai.OpenAI": "openai.AsyncOpenAI",
    "openai.AzureOpenAI": "openai.AsyncAzureOpenAI",
    "redis.Redis": "redis.asyncio.Redis",
    "redis.StrictRedis": "redis.asyncio.Redis",
    "redis.Redis.from_url": "redis.asyncio.Redis.from_url",
    "redis.from_url": "redis.asyncio.from_url",
    "boto3.client": "aioboto3, or " + TO_THREAD,
}
"""Synchronous client constructors: every network call made on what they return blocks."""

LOCAL_METHODS = frozenset(
    {
        "bucket",
        "blob",
        "topic_path",
        "subscription_path",
        "dataset",
        "table",
        "collection",
        "document",
        "pipeline",
        "publish",  # Pub/Sub batches in a background thread and returns a future
        "close",
        "with_options",
        "copy",
        "register_script",
    }
)
"""Methods of synchronous clients that only build objects locally (no I/O)."""

FUTURE_SOURCES = frozenset({"submit", "run_coroutine_threadsafe", "publish", "subscribe"})
"""Calls returning a `concurrent.futures.Future`: its ``.result()`` blocks the caller."""
THREAD_CTORS = frozenset(
    {"threading.Thread", "threading.Timer", "multiprocessing.Process", "subprocess.Popen"}
)
WAITABLE_CTORS = frozenset(
    {
        "threading.Event",
        "threading.Condition",
        "threading.Barrier",
        "threading.Semaphore",
        "threading.BoundedSemaphore",
        "multiprocessing.Event",
        "subprocess.Popen",
    }
)
QUEUE_CTORS = frozenset(
    {
        "queue.Queue",
        "queue.LifoQueue",
        "queue.PriorityQueue",
        "queue.SimpleQueue",
        "multiprocessing.Queue",
        "multiprocessing.JoinableQueue",
    }
)
LOCK_CTORS = frozenset({"threading.Lock", "threading.RLock", "multiprocessing.Lock"})


def _heads(*tables: Iterable[str]) -> list[str]:
    return sorted({name.partition(".")[0] for table in tables for name in table})


BLOCKING_LIBRARIES = _heads(
    CALLS,
    CLIENTS,
    THREAD_CTORS,
    WAITABLE_CTORS,
    QUEUE_CTORS,
    LOCK_CTORS,
    ("requests", "httpx", "google"),
)
"""Every library a name `classify` reports resolves into (``google`` for ``google.cloud``)."""
_IMPORTS_BLOCKING = re.compile(
    rb"\b(?:from[ \t]+|import[ \t][^\n;#]*?\b)(?:"
    + b"|".join(re.escape(name.encode()) for name in BLOCKING_LIBRARIES)
    + rb")\b"
)
_BLOCKING_NEEDLES = (b".result(", b"open(", b"_text(", b"_bytes(")
"""What `classify` reports without an import: a future's result, and file I/O in a loop."""


def may_block(text: bytes) -> bool:
    """Whether a module's synchronous code may hold a call `classify` reports: it imports a
    library whose calls block, or waits on a future or reads files. A cheap superset read on
    the bytes; what is reported is decided on the parsed call's resolved name
    (``asyncio.sleep`` and ``trio.sleep`` never are, ``time.sleep`` under any alias is)."""
    return _IMPORTS_BLOCKING.search(text) is not None or any(n in text for n in _BLOCKING_NEEDLES)


@dataclass(frozen=True)
class Blocking:
    call: ast.Call
    fn: FuncDef
    name: str
    alternative: str
    via: str
    """Qualified name of the coroutine reaching a synchronous helper ('' when direct)."""
    in_loop: bool
    cost: str
    """What the call waits for: network, sdk, sleep, subprocess, wait (a future, lock,
    queue, thread or event) or file (small local file I/O)."""
    at: ast.Call
    """The call the coroutine itself makes that runs it (``call``, or the helper's call)."""


_REGISTRY: ContextVar[Mapping[str, str] | None] = ContextVar("app_registry", default=None)
"""Registry key -> class stored there (`registry.stored`), for the scan in progress."""


def blocking_in_async(
    idx: ModuleIndex, load: Loader | None = None, registry: Mapping[str, str] | None = None
) -> list[CodeSite]:
    """Blocking calls in the module's coroutines; with ``load``, clients made in other
    project modules (``from app.llm import client``) are recognised too, and with
    ``registry`` the objects handlers take out of the app (``request.app["thumbs"]``)."""
    token = _REGISTRY.set(registry or {})
    try:
        return _blocking_in_async(idx, load)
    finally:
        _REGISTRY.reset(token)


def _blocking_in_async(idx: ModuleIndex, load: Loader | None) -> list[CodeSite]:
    found: dict[int, Blocking] = {}
    loud: set[int] = set()
    """Lines reached at a point where other work may run on the loop."""
    alone: dict[int, bool] = {}
    """Of those, whether each is quiet if a script in another module runs its coroutine."""
    named: Counter[str] | None = None
    entry_of: dict[int, str] = {}
    """Lines in a nested coroutine that its enclosing coroutine awaits alone: that one."""
    script = script_of(idx)
    for fn in idx.funcs.values():
        if isinstance(fn.node, ast.AsyncFunctionDef):
            for hit in _scan(idx, fn, via="", depth=0, seen=set(), load=load):
                found.setdefault(hit.call.lineno, hit)
                if not script.quiet_at(fn, hit.at):
                    loud.add(hit.call.lineno)
                    if named is None:
                        named = names_loaded(idx)
                    entry = alone_entry(idx, fn, hit.at, named)
                    if entry:
                        alone[hit.call.lineno] = alone.get(hit.call.lineno, True)
                        if entry != fn.qualname:
                            entry_of[hit.call.lineno] = entry  # what awaits it alone
                    else:
                        alone[hit.call.lineno] = False
    sites = []
    for line, hit in sorted(found.items()):
        attrs = {
            "call": hit.name,
            "alternative": hit.alternative,
            "via": hit.via,
            "in_loop": str(hit.in_loop).lower(),
            "cost": hit.cost,
        }
        if line not in loud and (hit.fn.qualname in script.startup or not script.entry):
            how = script.startup.get(hit.fn.qualname) or next(iter(script.startup.values()), "")
            attrs["startup"] = how  # quiet because the app runs it before serving
        elif line not in loud:
            entry = hit.fn.qualname if hit.fn.qualname in script.runs else script.entry
            attrs["script"] = f"{script.runs.get(entry, script.runner)}({entry}())"
        elif alone.get(line):
            attrs["alone"] = "true"  # quiet if a script elsewhere runs it (`run_targets`)
            if line in entry_of:
                attrs["entry"] = entry_of[line]  # the coroutine that awaits it alone
        site = make_site(BLOCKING_IN_ASYNC, idx.path, line, idx.lines, hit.fn.qualname, attrs)
        sites.append(site)
    return sites


def _is_generator(fn: FuncDef) -> bool:
    return any(isinstance(n, ast.Yield | ast.YieldFrom) for n in walk_scope(fn.node.body))


CONSUMERS = frozenset(
    {
        "list",
        "tuple",
        "set",
        "frozenset",
        "sorted",
        "next",
        "sum",
        "any",
        "all",
        "dict",
        "enumerate",
        "zip",
        "max",
        "min",
        "join",
    }
)
"""Calls that run an iterator handed to them on the spot (``"".join(gen())``)."""


def _iterated_here(fn: FuncDef) -> set[int]:
    """Calls the function iterates itself: a generator function's body runs where its
    generator is iterated, not where it is called. ``StreamingResponse(stream())`` hands
    a synchronous generator to Starlette, which iterates it in a worker thread, off the
    loop; ``for chunk in stream():`` in the coroutine runs it on the loop."""
    out: set[int] = set()
    for node in walk_scope(fn.node.body):
        if isinstance(node, ast.For | ast.comprehension) and isinstance(node.iter, ast.Call):
            out.add(id(node.iter))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else dotted(func)
            if name in CONSUMERS:
                out.update(id(a) for a in node.args if isinstance(a, ast.Call))
    return out


def _scan(
    idx: ModuleIndex,
    fn: FuncDef,
    via: str,
    depth: int,
    seen: set[str],
    load: Loader | None,
    at: ast.Call | None = None,
    unset: frozenset[str] = frozenset(),
) -> Iterator[Blocking]:
    seen.add(fn.qualname)
    for call, in_loop in _sync_calls(fn.node.body, unset):
        found = classify(idx, call, fn, in_loop, load)
        if found is not None:
            yield Blocking(call, fn, found[0], found[1], via, in_loop, found[2], at or call)
            continue
        callee = idx.local_callee(call, fn) or _constructor(idx, call)
        if (
            callee is not None
            and isinstance(callee.node, ast.FunctionDef)
            and callee.qualname not in seen
            and depth < MAX_HELPER_DEPTH
            and (not _is_generator(callee) or id(call) in _iterated_here(fn))
        ):
            inner = _scan(
                idx,
                callee,
                via or fn.qualname,
                depth + 1,
                seen,
                load,
                at or call,
                unset_flags(callee, call),
            )
            if runs_once(callee):
                inner = (replace(b, cost=ONCE) for b in inner)
            yield from inner
        elif callee is None and load is not None and depth < MAX_HELPER_DEPTH:
            step = _Step(call, fn, in_loop, via, depth, seen, load, at)
            found_in = _imported_helper(idx, step) or _registry_method(step)
            if found_in is not None:
                yield found_in


ONCE = "once"
"""Cost of a blocking call inside a cached function of no arguments: it runs once per
process, on the first call; every later call returns the cached value at once."""
CACHES = frozenset({"lru_cache", "cache", "functools.lru_cache", "functools.cache"})


def runs_once(helper: FuncDef) -> bool:
    """``@lru_cache(maxsize=1) def get_cpu_info() -> str``: a cached function that takes no
    arguments computes its value once per process."""
    node = helper.node
    cached = any(
        dotted(d.func if isinstance(d, ast.Call) else d) in CACHES for d in node.decorator_list
    )
    a = node.args
    takes = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
    return cached and not helper.cls and not any(takes)


def _constructor(idx: ModuleIndex, call: ast.Call) -> FuncDef | None:
    """``Session(cwd)`` of a class of this module: its ``__init__`` runs at the call, so a
    blocking call there (a version check over HTTP) blocks whoever constructs it."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in idx.classes:
        return idx.method(func.id, "__init__")
    return None


def _imported_helper(idx: ModuleIndex, step: _Step) -> Blocking | None:
    """A synchronous function imported from another project module (``from .llm import
    draft_reply``, or ``from app import llm`` then ``llm.draft_reply(...)``) that blocks:
    reported at this call, naming the blocking call inside."""
    func = step.call.func
    if isinstance(func, ast.Name) and func.id in idx.imports:
        target = idx.imports[func.id]
    elif (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in idx.imports
    ):
        target = f"{idx.imports[func.value.id]}.{func.attr}"
    else:
        return None
    module, _, name = target.rpartition(".")
    if not module:
        return None
    found = _follow(step, module, name, target, dotted(func))
    if found is None and isinstance(func, ast.Attribute):
        found = _instance_method(step, target)
    return found


def _shown(target: str) -> str:
    """``instance.method`` of a dotted target, as the call spells it."""
    return ".".join(target.split(".")[-2:])


def _instance_method(step: _Step, target: str) -> Blocking | None:
    """``pricing.discounts(...)`` where ``pricing`` is imported from the module that
    made it, ``pricing = PricingClient()``: the method of that class, followed there."""
    owner, _, method = target.rpartition(".")
    module, _, instance = owner.rpartition(".")
    other = step.load(module) if module else None
    if other is None:
        return None
    for value in other.module_assigns.get(instance, ()):
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            cls = value.func.id
            if cls in other.classes and f"{cls}.{method}" in other.funcs:
                qualname = f"{cls}.{method}"
                return _follow(step, module, qualname, f"{module}.{qualname}", _shown(target))
    return None


def _registry_method(step: _Step) -> Blocking | None:
    """``request.app["thumbnails"].resize(...)``: a method of the object the app stored
    under that key (`registry`), followed into the module that defines its class."""
    registry, func = _REGISTRY.get(), step.call.func
    if not registry or not isinstance(func, ast.Attribute):
        return None
    cls = registry.get(registry_key(func.value))
    if not cls:
        return None
    module, _, name = cls.rpartition(".")
    method = f"{name}.{func.attr}"
    return _follow(step, module, method, f"{cls}.{func.attr}", method)


@dataclass(frozen=True)
class _Step:
    """A call of a coroutine (or its helper) that the scan follows into another module."""

    call: ast.Call
    fn: FuncDef
    in_loop: bool
    via: str
    depth: int
    seen: set[str]
    load: Loader
    at: ast.Call | None


def _follow(step: _Step, module: str, qualname: str, target: str, shown: str) -> Blocking | None:
    """The first blocking call inside ``module``'s function ``qualname``, reported at the
    call that reaches it, naming it as ``shown`` and where it blocks."""
    key = f"{target}()"
    if key in step.seen:
        return None
    step.seen.add(key)
    other = step.load(module)
    helper = other.funcs.get(qualname) if other is not None else None
    if helper is None and other is not None and qualname in other.classes:
        helper = other.method(qualname, "__init__")  # ``Session(cwd)``: its __init__ runs here
    if other is None or helper is None or not isinstance(helper.node, ast.FunctionDef):
        return None
    caller = step.via or step.fn.qualname
    unset = unset_flags(helper, step.call)
    inner = next(
        _scan(other, helper, caller, step.depth + 1, step.seen, step.load, None, unset), None
    )
    if inner is None:
        return None
    where = f"{other.path}:{inner.call.lineno}"
    cost = ONCE if runs_once(helper) else inner.cost
    return Blocking(
        step.call, step.fn, f"{shown} ({inner.name} at {where})", inner.alternative, step.via,
        step.in_loop, cost, step.at or step.call,
    )  # fmt: skip


def unset_flags(callee: FuncDef, call: ast.Call) -> frozenset[str]:
    """Parameters of ``callee`` with a false default (``blocking=False``, ``None``, 0)
    that ``call`` leaves at it: a branch only they would open does not run at this call
    (``if blocking: return send()`` behind a fire-and-forget default)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return frozenset()
    args = callee.node.args
    positional = [*args.posonlyargs, *args.args]
    bound_method = bool(positional) and positional[0].arg in ("self", "cls")
    implicit = isinstance(call.func, ast.Attribute) or callee.node.name == "__init__"
    given = len(call.args) + (1 if bound_method and implicit else 0)
    named = {k.arg for k in call.keywords}
    defaults = list(
        zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    )
    defaults += [
        (a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    ]
    optional = [(a, d) for a, d in defaults if isinstance(d, ast.Constant) and not d.value]
    left = {
        a.arg
        for a, _ in optional
        if a.arg not in named and (a not in positional or positional.index(a) >= given)
    }
    passed = {k.arg: k.value for k in call.keywords if k.arg}
    passed.update(
        (p.arg, v) for p, v in zip(positional[given - len(call.args) :], call.args, strict=False)
    )
    # ``MediaMessage(media_id=m)``: an optional parameter the call does set, to something
    # that is not a false constant, opens ``if media_id: ...; return`` (`GIVEN`)
    set_here = {GIVEN + a.arg for a, _ in optional if a.arg in passed and _set(passed[a.arg])}
    return frozenset(left | set_here)


GIVEN = "+"
"""Marks, among `unset_flags`, an optional parameter the call sets."""


def _set(value: ast.expr) -> bool:
    """An argument that is not a false constant (``None``, ``False``, ``0``, ``""``)."""
    return not (isinstance(value, ast.Constant) and not value.value)


def _taken_return(body: list[ast.stmt], flags: frozenset[str]) -> list[ast.stmt]:
    """The statements that run when a set optional parameter opens an early return at the
    top of the function (``if media_id: self.media_id = media_id; return``): that
    branch, and nothing after it."""
    for i, stmt in enumerate(body):
        if (
            isinstance(stmt, ast.If)
            and _given_test(stmt.test, flags)
            and stmt.body
            and isinstance(stmt.body[-1], ast.Return | ast.Raise)
        ):
            return [*body[:i], *stmt.body]
    return body


def _given_test(test: ast.expr, flags: frozenset[str]) -> bool:
    """``if name:`` or ``if name is not None:`` for a parameter the call set."""
    if isinstance(test, ast.Name):
        return GIVEN + test.id in flags
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and GIVEN + test.left.id in flags
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    )


def _sync_calls(
    body: list[ast.stmt], unset: frozenset[str] = frozenset()
) -> Iterator[tuple[ast.Call, bool]]:
    """Calls the function itself runs and does not await, with whether they sit in a loop;
    with ``unset``, the branches those false flags keep shut are left out."""
    if unset:
        body = _taken_return(body, unset)
    stack: list[tuple[ast.AST, bool]] = [(s, False) for s in reversed(body)]
    while stack:
        node, in_loop = stack.pop()
        if isinstance(node, SCOPE_NODES):
            continue
        if unset and isinstance(node, ast.If):
            shut = _shut_branch(node.test, unset)
            if shut is not None:
                kept = node.orelse if shut == "body" else node.body
                stack.extend((c, in_loop) for c in reversed(kept))
                continue
        if isinstance(node, ast.Await):
            # the awaited call is asynchronous; its arguments still run synchronously
            value = node.value
            children = (
                [*value.args, *(k.value for k in value.keywords)]
                if isinstance(value, ast.Call)
                else [value]
            )
            stack.extend((c, in_loop) for c in reversed(children))
            continue
        if isinstance(node, ast.Call):
            yield node, in_loop
        loops = ast.For | ast.AsyncFor | ast.While | ast.comprehension
        inner = in_loop or isinstance(node, loops)
        stack.extend((c, inner) for c in reversed(child_nodes(node)))


def _shut_branch(test: ast.expr, unset: frozenset[str]) -> str | None:
    """``if flag:`` with the flag false shuts its body; ``if not flag:`` its else."""
    if isinstance(test, ast.Name) and test.id in unset:
        return "body"
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and isinstance(test.operand, ast.Name)
        and test.operand.id in unset
    ):
        return "orelse"
    return None


def _exited(fn: FuncDef, call: ast.Call, receiver: ast.expr) -> bool:
    """``if proc.poll() is not None: proc.wait()``: the process has exited, the wait only
    reaps it and returns at once."""
    want = ast.dump(receiver)

    def exited(test: ast.expr) -> bool:
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            return any(exited(v) for v in test.values)
        return (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.IsNot)
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None
            and isinstance(test.left, ast.Call)
            and isinstance(test.left.func, ast.Attribute)
            and test.left.func.attr in ("poll", "returncode")
            and ast.dump(test.left.func.value) == want
        )

    return any(
        isinstance(node, ast.If)
        and exited(node.test)
        and any(sub is call for stmt in node.body for sub in ast.walk(stmt))
        for node in ast.walk(fn.node)
    )


def _killed_just_before(fn: FuncDef, call: ast.Call, receiver: ast.expr) -> bool:
    """``proc.kill()`` then ``proc.wait()``: SIGKILL cannot be caught, so the wait only
    reaps a process that is already dying and returns at once."""
    want = ast.dump(receiver)
    for node in ast.walk(fn.node):
        for body in (getattr(node, f, None) for f in ("body", "orelse", "finalbody")):
            if not isinstance(body, list):
                continue
            for before, stmt in itertools.pairwise(body):
                if (
                    isinstance(stmt, ast.Expr)
                    and stmt.value is call
                    and isinstance(before, ast.Expr)
                    and isinstance(before.value, ast.Call)
                    and isinstance(before.value.func, ast.Attribute)
                    and before.value.func.attr == "kill"
                    and ast.dump(before.value.func.value) == want
                ):
                    return True
    return False


def _checked_not_empty(fn: FuncDef, call: ast.Call, receiver: ast.expr) -> bool:
    """``if not q.empty(): q.get()`` (or ``while q.qsize() > 0``): the get runs only when an
    item is waiting, so it returns at once instead of waiting for a producer."""
    want = ast.dump(receiver)

    def on_queue(node: ast.expr, method: str) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
            and ast.dump(node.func.value) == want
        )

    def not_empty(test: ast.expr) -> bool:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return on_queue(test.operand, "empty")
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            zero = test.comparators[0]
            return (
                on_queue(test.left, "qsize")
                and isinstance(test.ops[0], ast.Gt | ast.NotEq)
                and isinstance(zero, ast.Constant)
                and zero.value == 0
            )
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            return any(not_empty(v) for v in test.values)
        return on_queue(test, "qsize")

    return any(
        isinstance(node, ast.If | ast.While)
        and not_empty(node.test)
        and any(sub is call for stmt in node.body for sub in walk_scope(stmt))
        for node in walk_scope(fn.node.body)
    )


def _origin_ctor(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef, names: frozenset[str]) -> str:
    for origin in idx.origins(receiver, fn):
        if isinstance(origin, ast.Call):
            name = idx.resolve(origin.func)
            if name in names:
                return name
    return ""


def _client_of(
    idx: ModuleIndex, receiver: ast.expr, fn: FuncDef, load: Loader | None = None
) -> tuple[str, str] | None:
    """(constructor, alternative) of the synchronous client a method is called on.

    The client is found through the variable holding it: an assignment, a ``self``
    attribute, a factory function's return, a parameter's annotation
    (``client: anthropic.Anthropic``) and, with ``load``, a name imported from another
    project module.
    """
    node: ast.expr = receiver
    # ``client.messages.create``: walk down to the object that was constructed
    for _ in range(4):
        for origin, scope in idx.scoped_origins(node, fn):
            found = _client_made_by(idx, origin, scope, load)
            if found is not None:
                return found
        if isinstance(node, ast.Attribute):
            node = node.value
        else:
            break
    return None


def _client_ctor(name: str) -> tuple[str, str] | None:
    if name in CLIENTS:
        return name, CLIENTS[name]
    if _google_sync_client(name):
        return name, "the library's async client where it has one, or " + TO_THREAD
    return None


def _client_made_by(
    idx: ModuleIndex, origin: ast.expr, scope: FuncDef | None, load: Loader | None, depth: int = 0
) -> tuple[str, str] | None:
    if isinstance(origin, ast.Call):
        found = _client_ctor(idx.resolve(origin.func))
        if found is not None or load is None or depth > 1:
            return found
        if idx.local_callee(origin, scope) is None:
            full = idx.resolve_import(origin.func, scope)
            return _imported_client(full, load, call=True, depth=depth) if full else None
        return None
    if not isinstance(origin, ast.Name):
        return None
    if scope is not None and origin.id not in idx.locals_of(scope):
        annotation = param_annotation(scope.node, origin.id)
        for part in _annotation_parts(annotation):
            found = _client_ctor(idx.resolve(part))
            if found is not None:
                return found
    if load is not None and depth <= 1:
        full = idx.resolve_import(origin, scope)
        if full:
            return _imported_client(full, load, call=False, depth=depth)
    return None


def _annotation_parts(node: ast.expr | None) -> Iterator[ast.expr]:
    """``Anthropic``, ``Anthropic | None``, ``Optional[Anthropic]``, ``"Anthropic"``."""
    if node is None:
        return
    if isinstance(node, ast.BinOp):
        yield from _annotation_parts(node.left)
        yield from _annotation_parts(node.right)
    elif isinstance(node, ast.Subscript) and dotted(node.value).endswith("Optional"):
        yield from _annotation_parts(node.slice)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            yield ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return
    else:
        yield node


def _imported_client(full: str, load: Loader, call: bool, depth: int) -> tuple[str, str] | None:
    """The client bound to (or returned by) ``full`` in the project module defining it."""
    module, _, name = full.rpartition(".")
    other = load(module) if module else None
    if other is None:
        return None
    ref: ast.expr = ast.Name(id=name, ctx=ast.Load())
    if call:
        ref = ast.Call(func=ref, args=[], keywords=[])
    for origin, scope in other.scoped_origins(ref, None):
        if origin is ref:
            continue
        found = _client_made_by(other, origin, scope, load, depth + 1)
        if found is not None:
            return found
    return None


def _google_sync_client(name: str) -> bool:
    if not name.startswith("google.cloud."):
        return False
    last = name.rpartition(".")[2]
    return last.endswith("Client") and "Async" not in last


BRIEF_PAUSE_S = 0.5
"""A single fixed sleep shorter than this, outside any loop (the pause between two clicks
of a desktop-automation step), holds the loop that long once: info, unless a request
handler pays it on every request."""


def classify(
    idx: ModuleIndex, call: ast.Call, fn: FuncDef, in_loop: bool, load: Loader | None = None
) -> tuple[str, str, str] | None:
    """(call, async alternative, cost) when ``call`` blocks the thread running it, else None."""
    name = idx.resolve_import(call.func, fn)
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    text = dotted(call.func) or name
    if name == "time.sleep":
        arg = call.args[0] if call.args else None
        if isinstance(arg, ast.Constant) and arg.value == 0:
            return None
        if (
            not in_loop
            and isinstance(arg, ast.Constant)
            and isinstance(arg.value, int | float)
            and not isinstance(arg.value, bool)
            and 0 < arg.value < BRIEF_PAUSE_S
        ):
            return name, CALLS[name], "pause"
        return name, CALLS[name], "sleep"
    if name in CALLS:
        head = name.partition(".")[0]
        if head in ("subprocess", "os") and local_command(idx, call, fn):
            return name, CALLS[name], "local-command"
        return name, CALLS[name], "subprocess" if head in ("subprocess", "os") else "network"
    head, _, last = name.partition(".")
    if head in ("requests", "httpx") and last in HTTP_FUNCS:
        return name, ASYNC_HTTP if head == "requests" else "httpx.AsyncClient", "network"
    if in_loop and dotted(call.func) in ("open", "io.open") and not idx.shadowed("open", fn):
        return dotted(call.func), "aiofiles, or read the files in " + TO_THREAD, "file"
    if in_loop and attr in ("read_text", "read_bytes", "write_text", "write_bytes"):
        return text, "aiofiles, or " + TO_THREAD, "file"
    if not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    waited = _waits(idx, call, attr, receiver, fn)
    if waited is not None:
        return text, waited, "wait"
    if attr in LOCAL_METHODS or attr.endswith("_path") or attr.startswith("_"):
        return None
    client = _client_of(idx, receiver, fn, load)
    if client is not None:
        if attr in RETURNS_A_FUTURE.get(client[0].rpartition(".")[2], ()):
            return None  # the client's own threads do the work; only the future's wait blocks
        cost = "sdk" if client[0].partition(".")[0] in ("anthropic", "openai") else "network"
        return text, client[1], cost
    return None


LOCAL_GIT = frozenset(
    {
        "rev-parse",
        "config",
        "symbolic-ref",
        "remote",
        "branch",
        "describe",
        "merge-base",
        "cat-file",
        "hash-object",
        "check-ignore",
        "var",
        "version",
    }
)
"""git subcommands that read the repository's own metadata (refs, config, one object):
they never touch the network and return in milliseconds, like a small file read."""


VERSION_FLAGS = frozenset({"-v", "-V", "--version", "version", "-version"})
"""``frpc -v``, ``node --version``: a program asked only for its version prints one line
and exits in milliseconds."""
PATH_LOOKUPS = {"command": "-v", "which": "", "where": ""}
"""``command -v mmdc``, ``which ffmpeg``: a shell looks a program up on PATH."""


def local_command(idx: ModuleIndex, call: ast.Call, fn: FuncDef) -> bool:
    """A command that returns in milliseconds without the network: a git query of local
    metadata (`LOCAL_GIT`), a program asked for its version, a PATH lookup. The command is
    read from the argument list or the command string, also through the variable that
    holds it (``check = "command -v " + name; os.system(check)``); every value the
    variable may hold, and every command a shell string chains, must be such a command."""
    argv = call.args[0] if call.args else kwarg(call, "args")
    if argv is None:
        return False
    values = [v for v in idx.origins(argv, fn) if not isinstance(v, ast.Name)]
    return bool(values) and all(_quick_commands(value) for value in values)


COMPUTED = "\x00"
"""Stands for a part of a command the code computes (a program path, a name)."""
_SHELL_LIST = re.compile(r"&&|\|\||[;|{}()]")
_REDIRECT = re.compile(r"^\d*[<>]+&?\S*$")
SHELL_QUIET = frozenset({"echo", "exit", "true", "false", ":", "printf"})
"""Builtins a lookup's error branch runs (``|| { echo >&2 "no mmdc"; exit 1; }``)."""


def _quick_commands(value: ast.AST) -> bool:
    if isinstance(value, ast.List | ast.Tuple):
        return _quick(
            [
                elt.value if isinstance(elt, ast.Constant) and isinstance(elt.value, str) else None
                for elt in value.elts
            ]
        )
    text = _spelled(value)
    if text is None:
        return False
    commands = [
        [None if COMPUTED in w else w for w in part.split() if not _REDIRECT.match(w)]
        for part in _SHELL_LIST.split(text)
    ]
    commands = [c for c in commands if c]
    return (
        bool(commands)
        and _quick(commands[0])
        and all(_quick(c) or c[0] in SHELL_QUIET for c in commands[1:])
    )


def _spelled(value: ast.AST) -> str | None:
    """A command string as the code builds it (`COMPUTED` for each computed part), or None
    when it is not built from strings (``" ".join(argv)``, a call)."""
    if isinstance(value, ast.Constant):
        return value.value if isinstance(value.value, str) else None
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left, right = _spelled(value.left), _spelled(value.right)
        return None if left is None or right is None else left + right
    if isinstance(value, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else COMPUTED for part in value.values
        )
    if isinstance(value, ast.Name | ast.Attribute | ast.Call | ast.Subscript):
        return COMPUTED
    return None


def _quick(words: list[str | None]) -> bool:
    if len(words) >= 2 and words[0] == "git" and words[1] in LOCAL_GIT:
        if words[1] == "remote" and len(words) > 2:
            return words[2] in ("get-url", "-v", "show")
        return True
    if len(words) == 2 and words[1] in VERSION_FLAGS:
        return True  # the program may be computed, its one argument asks for the version
    lookup = PATH_LOOKUPS.get(words[0] or "") if words else None
    if lookup is None:
        return False
    rest = words[1:]
    if lookup:
        if not rest or rest[0] != lookup:
            return False
        rest = rest[1:]
    return bool(rest)


RETURNS_A_FUTURE = {
    "SubscriberClient": frozenset({"subscribe"}),
    "PublisherClient": frozenset({"publish"}),
}
"""Methods of synchronous Pub/Sub clients that hand the work to the client's own threads
and return a future at once (``subscribe`` a ``StreamingPullFuture``, ``publish`` a
publish future): calling them on the loop does not block it, waiting on the future does."""


def _waits(
    idx: ModuleIndex, call: ast.Call, attr: str, receiver: ast.expr, fn: FuncDef
) -> str | None:
    """The async alternative when ``call`` waits on a future, thread, event, queue or lock."""
    if attr == "result" and not has_timeout(call, within=fn.node):
        origins = [o for o in idx.origins(receiver, fn) if isinstance(o, ast.Call)]
        if any(
            isinstance(o.func, ast.Attribute | ast.Name)
            and (dotted(o.func).rpartition(".")[2] in FUTURE_SOURCES)
            for o in origins
        ):
            return "await asyncio.wrap_future(future), or await the coroutine directly"
        return None
    if attr == "join" and not call.args and not has_timeout(call, within=fn.node):
        if _origin_ctor(idx, receiver, fn, THREAD_CTORS):
            return "await asyncio.to_thread(thread.join), or an asyncio.Event"
        if _origin_ctor(idx, receiver, fn, QUEUE_CTORS):
            return "asyncio.Queue and await queue.join()"
        return None
    if attr == "wait" and not has_timeout(call, within=fn.node):
        if (
            _origin_ctor(idx, receiver, fn, WAITABLE_CTORS)
            and not _exited(fn, call, receiver)
            and not _killed_just_before(fn, call, receiver)
        ):
            return "an asyncio.Event / await proc.wait() of asyncio.create_subprocess_exec"
        return None
    if attr == "get" and _origin_ctor(idx, receiver, fn, QUEUE_CTORS):
        block = kwarg(call, "block")
        if block is None and call.args:
            block = call.args[0]
        if isinstance(block, ast.Constant) and block.value is False:
            return None
        if has_timeout(call, 1, fn.node) or _checked_not_empty(fn, call, receiver):
            return None
        return "asyncio.Queue and await queue.get()"
    if (
        attr == "acquire"
        and not has_timeout(call, 1, fn.node)
        and not _try_lock(call)
        and _origin_ctor(idx, receiver, fn, LOCK_CTORS)
    ):
        return "asyncio.Lock"
    return None


def _try_lock(call: ast.Call) -> bool:
    """``lock.acquire(blocking=False)`` / ``acquire(False)``: returns at once, taken or not."""
    block = kwarg(call, "blocking")
    if block is None and call.args:
        block = call.args[0]
    return isinstance(block, ast.Constant) and block.value in (False, 0)
