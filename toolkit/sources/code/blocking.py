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
from collections.abc import Iterator
from dataclasses import dataclass

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
)

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


@dataclass(frozen=True)
class Blocking:
    call: ast.Call
    fn: FuncDef
    name: str
    alternative: str
    via: str
    """Qualified name of the coroutine reaching a synchronous helper ('' when direct)."""
    in_loop: bool


def blocking_in_async(idx: ModuleIndex) -> list[CodeSite]:
    found: dict[int, Blocking] = {}
    for fn in idx.funcs.values():
        if isinstance(fn.node, ast.AsyncFunctionDef):
            for hit in _scan(idx, fn, via="", depth=0, seen=set()):
                found.setdefault(hit.call.lineno, hit)
    return [
        make_site(
            BLOCKING_IN_ASYNC,
            idx.path,
            line,
            idx.lines,
            function=hit.fn.qualname,
            attrs={
                "call": hit.name,
                "alternative": hit.alternative,
                "via": hit.via,
                "in_loop": str(hit.in_loop).lower(),
            },
        )
        for line, hit in sorted(found.items())
    ]


def _scan(
    idx: ModuleIndex, fn: FuncDef, via: str, depth: int, seen: set[str]
) -> Iterator[Blocking]:
    seen.add(fn.qualname)
    for call, in_loop in _sync_calls(fn.node.body):
        found = classify(idx, call, fn, in_loop)
        if found is not None:
            yield Blocking(call, fn, found[0], found[1], via, in_loop)
            continue
        callee = idx.local_callee(call, fn)
        if (
            callee is not None
            and isinstance(callee.node, ast.FunctionDef)
            and callee.qualname not in seen
            and depth < MAX_HELPER_DEPTH
        ):
            yield from _scan(idx, callee, via or fn.qualname, depth + 1, seen)


def _sync_calls(body: list[ast.stmt]) -> Iterator[tuple[ast.Call, bool]]:
    """Calls the function itself runs and does not await, with whether they sit in a loop."""
    stack: list[tuple[ast.AST, bool]] = [(s, False) for s in reversed(body)]
    while stack:
        node, in_loop = stack.pop()
        if isinstance(node, SCOPE_NODES):
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


def _origin_ctor(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef, names: frozenset[str]) -> str:
    for origin in idx.origins(receiver, fn):
        if isinstance(origin, ast.Call):
            name = idx.resolve(origin.func)
            if name in names:
                return name
    return ""


def _client_of(idx: ModuleIndex, receiver: ast.expr, fn: FuncDef) -> tuple[str, str] | None:
    """(constructor, alternative) of the synchronous client a method is called on."""
    node: ast.expr = receiver
    # ``client.messages.create``: walk down to the object that was constructed
    for _ in range(4):
        for origin in idx.origins(node, fn):
            if not isinstance(origin, ast.Call):
                continue
            name = idx.resolve(origin.func)
            if name in CLIENTS:
                return name, CLIENTS[name]
            if _google_sync_client(name):
                return name, "the library's async client where it has one, or " + TO_THREAD
        if isinstance(node, ast.Attribute):
            node = node.value
        else:
            break
    return None


def _google_sync_client(name: str) -> bool:
    if not name.startswith("google.cloud."):
        return False
    last = name.rpartition(".")[2]
    return last.endswith("Client") and "Async" not in last


def classify(
    idx: ModuleIndex, call: ast.Call, fn: FuncDef, in_loop: bool
) -> tuple[str, str] | None:
    """(call, async alternative) when ``call`` blocks the thread running it, else None."""
    name = idx.resolve(call.func)
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    text = dotted(call.func) or name
    if name == "time.sleep":
        arg = call.args[0] if call.args else None
        if isinstance(arg, ast.Constant) and arg.value == 0:
            return None
        return name, CALLS[name]
    if name in CALLS:
        return name, CALLS[name]
    head, _, last = name.partition(".")
    if head in ("requests", "httpx") and last in HTTP_FUNCS:
        return name, ASYNC_HTTP if head == "requests" else "httpx.AsyncClient"
    if in_loop and name in ("open", "io.open"):
        return name, "aiofiles, or read the files in " + TO_THREAD
    if in_loop and attr in ("read_text", "read_bytes", "write_text", "write_bytes"):
        return text, "aiofiles, or " + TO_THREAD
    if not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    if attr == "result" and not has_timeout(call):
        origins = [o for o in idx.origins(receiver, fn) if isinstance(o, ast.Call)]
        if any(
            isinstance(o.func, ast.Attribute | ast.Name)
            and (dotted(o.func).rpartition(".")[2] in FUTURE_SOURCES)
            for o in origins
        ):
            return text, "await asyncio.wrap_future(future), or await the coroutine directly"
        return None
    if attr == "join" and not call.args and not has_timeout(call):
        if _origin_ctor(idx, receiver, fn, THREAD_CTORS):
            return text, "await asyncio.to_thread(thread.join), or an asyncio.Event"
        if _origin_ctor(idx, receiver, fn, QUEUE_CTORS):
            return text, "asyncio.Queue and await queue.join()"
        return None
    if attr == "wait" and not has_timeout(call):
        if _origin_ctor(idx, receiver, fn, WAITABLE_CTORS):
            return text, "an asyncio.Event / await proc.wait() of asyncio.create_subprocess_exec"
        return None
    if attr == "get" and _origin_ctor(idx, receiver, fn, QUEUE_CTORS):
        block = kwarg(call, "block")
        if block is None and call.args:
            block = call.args[0]
        if isinstance(block, ast.Constant) and block.value is False:
            return None
        if has_timeout(call, 1):
            return None
        return text, "asyncio.Queue and await queue.get()"
    if (
        attr == "acquire"
        and not has_timeout(call, 1)
        and _origin_ctor(idx, receiver, fn, LOCK_CTORS)
    ):
        return text, "asyncio.Lock"
    if attr in LOCAL_METHODS or attr.endswith("_path") or attr.startswith("_"):
        return None
    client = _client_of(idx, receiver, fn)
    if client is not None:
        return text, client[1]
    return None
