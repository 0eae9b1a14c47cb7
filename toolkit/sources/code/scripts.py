"""Coroutines of a one-shot script, and the points where nothing else runs on its loop.

A script that ends in ``if __name__ == "__main__": asyncio.run(main())`` runs one
coroutine. Before it starts a task, gathers coroutines or opens a server, and again
once those are done, that coroutine is the only thing its loop runs: a blocking call
there holds the loop, but no other task, request or callback waits for it. Such a
point is *quiet*. Everything here is read on the AST of the one module:

- the entry coroutine is the one handed to ``asyncio.run`` (``anyio.run``, ``trio.run``,
  ``loop.run_until_complete``) inside the ``__main__`` guard, or inside a synchronous
  function the guard calls, and the module uses its name nowhere else;
- work that runs alongside is what the coroutine starts and does not wait for on the spot:
  a task (``create_task``, ``ensure_future``, a task group's ``create_task`` /
  ``start_soon``), a gather or ``as_completed`` not awaited where it is made, a server,
  a callback the loop will call (``call_later``, ``add_reader``...), or a project
  function that starts one of those. A task group's tasks end with its ``async with``;
  anything else is assumed alive until the coroutine returns, and in every later
  iteration of a loop it was started in;
- a call in an ``async for`` (a stream fed by a library's own connection) or in a loop
  that never ends (the script is a worker, not a one-shot) is never quiet;
- another coroutine of the module is run quietly when every use of its name is
  ``await f(...)`` at a quiet point of a quietly run coroutine.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from opsdoc.sources.code.pyindex import (
    FuncDef,
    ModuleIndex,
    child_nodes,
    dotted,
    param_annotation,
    walk_scope,
)

RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run", "asyncio.runners.run"})
"""Functions that run one coroutine on a new loop and return when it is done."""
TASK_GROUPS = frozenset({"asyncio.TaskGroup", "anyio.create_task_group", "trio.open_nursery"})
SPAWN_FUNCS = frozenset(
    {
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.gather",
        "asyncio.as_completed",
        "asyncio.shield",
        "asyncio.wait",
        "asyncio.start_server",
        "asyncio.start_unix_server",
        "asyncio.run_coroutine_threadsafe",
    }
)
"""Module functions whose work goes on after they return."""
DONE_WHEN_AWAITED = frozenset(
    {
        "asyncio.create_task",
        "asyncio.ensure_future",
        "asyncio.gather",
        "asyncio.shield",
    }
)
"""Of those, the ones whose work is over once ``await`` returns (``await asyncio.gather(...)``)."""
SPAWN_METHODS = frozenset(
    {
        "create_task",
        "ensure_future",
        "start_soon",
        "call_soon",
        "call_later",
        "call_at",
        "add_reader",
        "add_writer",
        "add_signal_handler",
        "create_server",
        "create_unix_server",
        "start_serving",
        "serve_forever",
    }
)
"""Methods (of a loop, a task group, a server) that leave work running on the loop."""
LOOPS = (ast.For, ast.AsyncFor, ast.While)
MAX_DEPTH = 3


@dataclass
class _Flow:
    """One coroutine's body: parents of its nodes and the work it leaves running."""

    parent: dict[int, ast.AST] = field(default_factory=dict)
    spawns: list[tuple[ast.AST, ast.AST | None]] = field(default_factory=list)
    """(spawning node, the ``async with`` of the task group that ends it, or None)."""


@dataclass
class Script:
    """The quiet coroutines of a module and how its entry is run."""

    idx: ModuleIndex
    entry: str = ""
    """Qualified name of the entry coroutine ('' when the module is no such script)."""
    runner: str = ""
    """How the guard runs it (``asyncio.run``)."""
    runs: dict[str, str] = field(default_factory=dict)
    """Every entry coroutine the guard may run -> its runner (`entry` is the first)."""
    startup: dict[str, str] = field(default_factory=dict)
    """Coroutines a web app runs as its start-up (`lifespans`) -> how it is registered."""
    quiet: set[str] = field(default_factory=set)
    """Coroutines that only ever run while nothing else runs on the loop (at their call)."""
    flows: dict[str, _Flow] = field(default_factory=dict)

    def quiet_at(self, fn: FuncDef, call: ast.AST) -> bool:
        """Whether ``call``, made by coroutine ``fn`` itself, runs while nothing else does."""
        if fn.qualname not in self.quiet:
            return False
        return _quiet_point(self.idx, self._flow(fn), call)

    def _flow(self, fn: FuncDef) -> _Flow:
        flow = self.flows.get(fn.qualname)
        if flow is None:
            flow = self.flows[fn.qualname] = _flow_of(self.idx, fn)
        return flow


def script_of(idx: ModuleIndex) -> Script:
    """The module read as a one-shot script (an empty `Script` when it is not one)."""
    script = Script(idx)
    script.startup = lifespans(idx)
    script.quiet.update(script.startup)
    found = _entries(idx) if "__main__" in idx.text else []
    if found:
        script.entry, script.runner = found[0]
        script.runs = dict(found)
        script.quiet.update(script.runs)
    if not script.quiet:
        return script
    uses = _name_uses(idx)
    changed = True
    while changed:
        changed = False
        for fn in idx.funcs.values():
            if fn.qualname in script.quiet or not (_plain_coroutine(fn) or _nested_coroutine(fn)):
                continue
            refs = uses.get(fn.node.name, [])
            if refs and all(_awaited_quietly(script, ref) for ref in refs):
                script.quiet.add(fn.qualname)
                changed = True
    return script


STARTUP_KEYWORDS = frozenset({"lifespan"})
STARTUP_LISTS = frozenset({"on_startup", "on_shutdown"})
STARTUP_EVENTS = frozenset({"startup", "shutdown"})


def lifespans(idx: ModuleIndex) -> dict[str, str]:
    """Coroutines of the module that a web app runs around its serving, not during it:
    the ``lifespan=`` handed to the app (FastAPI, Starlette, Quart), ``on_startup=[...]``
    lists, and ``@app.on_event("startup")`` / ``add_event_handler("startup", f)``. The
    server runs them before it accepts requests (or after it stopped), with nothing else
    on the loop: start-up work, not request-time work."""
    if "lifespan" not in idx.text and "startup" not in idx.text and "shutdown" not in idx.text:
        return {}
    out: dict[str, str] = {}
    for node in ast.walk(idx.tree):
        if not isinstance(node, ast.Call):
            continue
        app = dotted(node.func) or "app"
        for kw in node.keywords:
            if kw.arg in STARTUP_KEYWORDS:
                for name in _named(kw.value):
                    out.setdefault(name, f"{app}({kw.arg}={name})")
            elif kw.arg in STARTUP_LISTS and isinstance(kw.value, ast.List | ast.Tuple):
                for elt in kw.value.elts:
                    for name in _named(elt):
                        out.setdefault(name, f"{app}({kw.arg}=[{name}])")
        event = node.args[0] if node.args else None
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_event_handler"
            and isinstance(event, ast.Constant)
            and event.value in STARTUP_EVENTS
            and len(node.args) > 1
        ):
            for name in _named(node.args[1]):
                out.setdefault(name, f'{dotted(node.func)}("{event.value}", {name})')
    for fn in idx.funcs.values():
        for deco in fn.node.decorator_list:
            if (
                isinstance(deco, ast.Call)
                and isinstance(deco.func, ast.Attribute)
                and deco.func.attr == "on_event"
                and deco.args
                and isinstance(deco.args[0], ast.Constant)
                and deco.args[0].value in STARTUP_EVENTS
            ):
                out.setdefault(fn.qualname, f'@{dotted(deco.func)}("{deco.args[0].value}")')
    return {
        name: how
        for name, how in out.items()
        if name in idx.funcs and isinstance(idx.funcs[name].node, ast.AsyncFunctionDef)
    }


def _named(expr: ast.expr) -> list[str]:
    """Module functions an expression may evaluate to (``lifespan_override or lifespan``)."""
    if isinstance(expr, ast.Name):
        return [expr.id]
    if isinstance(expr, ast.BoolOp):
        return [n for v in expr.values for n in _named(v)]
    if isinstance(expr, ast.IfExp):
        return [*_named(expr.body), *_named(expr.orelse)]
    return []


def _plain_coroutine(fn: FuncDef) -> bool:
    """A module-level ``async def`` with no decorator (nothing registers it elsewhere)."""
    return (
        isinstance(fn.node, ast.AsyncFunctionDef)
        and not fn.node.decorator_list
        and fn.qualname == fn.node.name
    )


def _nested_coroutine(fn: FuncDef) -> bool:
    """An undecorated ``async def`` inside a function (``async def next_task(...)`` in the
    agent's coroutine): only that function can name it, so its awaits there decide."""
    return (
        isinstance(fn.node, ast.AsyncFunctionDef)
        and not fn.node.decorator_list
        and bool(fn.parent)
        and not fn.cls
        and fn.qualname == f"{fn.parent}.{fn.node.name}"
    )


def is_main_guard(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    sides = [test.left, *test.comparators]
    return (
        len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
        and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
    )


def _entries(idx: ModuleIndex) -> list[tuple[str, str]]:
    """(entry coroutine, runner) for each coroutine of the module that the ``__main__``
    guard runs and the module names nowhere else, in the order the guard runs them.

    A guard may pick one of several (``if "--worker" in sys.argv: asyncio.run(worker())
    else: asyncio.run(main())``): each runs alone in its own process."""
    guards = [node for node in idx.tree.body if is_main_guard(node)]
    runs: list[tuple[ast.AST, str, str]] = []
    for guard in guards:
        assert isinstance(guard, ast.If)
        runs.extend(_runs(idx, guard.body, None, 0))
    named = {id(node) for node, _, _ in runs}
    uses = _name_uses(idx)
    out: dict[str, str] = {}
    for _, entry, runner in runs:
        fn = idx.funcs.get(entry)
        if entry in out or fn is None or not _plain_coroutine(fn):
            continue
        if all(id(use) in named for use in uses.get(fn.node.name, [])):
            out[entry] = runner  # not also scheduled, registered or gathered somewhere
    return list(out.items())


def _runs(
    idx: ModuleIndex, body: list[ast.stmt], scope: FuncDef | None, depth: int
) -> Iterator[tuple[ast.AST, str, str]]:
    """(name node, coroutine, runner) for each coroutine of the module run to completion
    by ``body``, following the synchronous functions it calls (``cli()`` -> ``asyncio.run``)."""
    for call, _, runner in _runner_calls(idx, body, scope, depth):
        arg = call.args[0]
        target = arg.func if isinstance(arg, ast.Call) else arg
        if isinstance(target, ast.Name) and target.id in idx.funcs:
            yield target, target.id, runner
    if depth == 0:
        yield from _handed_to_a_runner(idx, body)


def _handed_to_a_runner(
    idx: ModuleIndex, body: list[ast.stmt]
) -> Iterator[tuple[ast.AST, str, str]]:
    """``run_async(main)`` in the guard: a coroutine function of the module handed, not
    called, to a function imported from elsewhere (a project's runtime helper wrapping
    ``asyncio.run(entrypoint(ctx))``, ``anyio.run(main)``). Nothing can await a
    coroutine function it is handed; what takes it from the ``__main__`` guard runs it."""
    for node in walk_scope(body):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name | ast.Attribute):
            continue
        if not idx.resolve_import(node.func, None) or dotted(node.func) in idx.funcs:
            continue
        for arg in node.args:
            if not isinstance(arg, ast.Name):
                continue
            fn = idx.funcs.get(arg.id)
            if fn is not None and _plain_coroutine(fn):
                yield arg, arg.id, dotted(node.func)


def _runner_calls(
    idx: ModuleIndex, body: list[ast.stmt], scope: FuncDef | None, depth: int
) -> Iterator[tuple[ast.Call, FuncDef | None, str]]:
    """(``asyncio.run(...)`` call, the function making it, runner) reached from ``body``."""
    for node in walk_scope(body):
        if not isinstance(node, ast.Call):
            continue
        name = idx.resolve_import(node.func, scope)
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if (name in RUNNERS or attr == "run_until_complete") and node.args:
            yield node, scope, name or dotted(node.func)
            continue
        callee = idx.local_callee(node, scope)
        if callee is not None and isinstance(callee.node, ast.FunctionDef) and depth < MAX_DEPTH:
            yield from _runner_calls(idx, callee.node.body, callee, depth + 1)


def run_targets(idx: ModuleIndex) -> list[tuple[str, str, int]]:
    """(coroutine, runner, line of the run) for what the ``__main__`` guard runs to completion that the
    per-module reading cannot follow: a coroutine imported from another module
    (``asyncio.run(resolve(args))``) or a method (``asyncio.run(Resolver(args).run())``),
    named by its dotted path (``pkg.resolver.Resolver.run``).

    The module that defines it decides whether a call there is quiet (`quiet_alone`); the
    two are joined where every module's facts meet."""
    if "__main__" not in idx.text:
        return []
    out: list[tuple[str, str, int]] = []
    for guard in idx.tree.body:
        if not is_main_guard(guard):
            continue
        assert isinstance(guard, ast.If)
        for call, scope, runner in _runner_calls(idx, guard.body, None, 0):
            arg = call.args[0]
            if isinstance(arg, ast.Call):
                target = _coroutine_ref(idx, arg.func, scope)
                if target:
                    out.append((target, runner, call.lineno))
    script = script_of(idx)
    if script.runs:
        out.extend(_imported_awaits(script))
    return out


def _imported_awaits(script: Script) -> Iterator[tuple[str, str, int]]:
    """A quiet coroutine of the script that awaits an imported coroutine at a quiet point
    (``for s in samples: result = await run_sample(s)``) runs it alone too: one at a
    time, with nothing else on the loop. Named as for the guard's own runs, with the
    runner ``await``."""
    idx = script.idx
    for name in sorted(script.quiet):
        fn = idx.funcs.get(name)
        if fn is None:
            continue
        for node in walk_scope(fn.node.body):
            if not (isinstance(node, ast.Await) and isinstance(node.value, ast.Call)):
                continue
            call = node.value
            target = _coroutine_ref(idx, call.func, fn)
            if target and script.quiet_at(fn, call):
                yield target, "await", call.lineno


def _coroutine_ref(idx: ModuleIndex, func: ast.expr, scope: FuncDef | None) -> str:
    if isinstance(func, ast.Name):
        return "" if func.id in idx.funcs else idx.resolve_import(func, scope)
    if not isinstance(func, ast.Attribute):
        return ""
    imported = idx.resolve_import(func, scope)
    if imported:
        return imported
    made: ast.expr | None = func.value
    if isinstance(made, ast.Name):
        typed = param_annotation(scope.node, made.id) if scope is not None else None
        made = _only_value(idx, made.id, scope) if typed is None else typed
    if isinstance(made, ast.Constant) and isinstance(made.value, str) and made.value.isidentifier():
        made = ast.Name(made.value)  # a forward reference: ``ctx: "Context"``
    if isinstance(made, ast.Call):
        made = made.func  # an instance the code makes: ``Resolver(args).run()``
    elif not isinstance(made, ast.Name | ast.Attribute):
        return ""  # an instance handed in is known by its annotation: ``ctx: Context``
    if isinstance(made, ast.Name) and made.id in idx.classes:
        cls = f"{idx.module}.{made.id}"
    else:
        cls = idx.resolve_import(made, scope)
    return f"{cls}.{func.attr}" if cls else ""


def _only_value(idx: ModuleIndex, name: str, scope: FuncDef | None) -> ast.expr | None:
    """The value of ``name`` where it is bound exactly once in ``scope`` (None otherwise)."""
    nodes = idx.nodes_of(scope) if scope is not None else list(walk_scope(idx.tree.body))
    values = [
        node.value
        for node in nodes
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]
    return values[0] if len(values) == 1 else None


def _name_uses(idx: ModuleIndex) -> dict[str, list[ast.Name]]:
    """Every load of a bare name in the module, in any scope."""
    uses: dict[str, list[ast.Name]] = {}
    for node in ast.walk(idx.tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            uses.setdefault(node.id, []).append(node)
    return uses


def _awaited_quietly(script: Script, ref: ast.Name) -> bool:
    """``ref`` is the function of ``await ref(...)`` made at a quiet point of a quiet coroutine."""
    for fn in script.quiet.copy():
        caller = script.idx.funcs[fn]
        flow = script._flow(caller)
        call = flow.parent.get(id(ref))
        if call is None:
            continue
        awaited = flow.parent.get(id(call))
        if (
            isinstance(awaited, ast.Call)
            and script.idx.resolve_import(awaited.func, caller) in DONE_WHEN_AWAITED
            and _awaited_at_once(awaited, flow.parent)
        ):
            awaited = ast.Await(awaited)  # ``t = create_task(ref(...)); await t``
        return (
            isinstance(call, ast.Call)
            and call.func is ref
            and isinstance(awaited, ast.Await)
            and script.quiet_at(caller, call)
        )
    return False


def _parents(idx: ModuleIndex, fn: FuncDef) -> dict[int, ast.AST]:
    """id(node) -> its parent, for the nodes of ``fn``'s own scope (its body's statements
    have ``fn``'s node)."""
    parent: dict[int, ast.AST] = {id(stmt): fn.node for stmt in fn.node.body}
    for node in idx.nodes_of(fn):
        for child in child_nodes(node):
            parent[id(child)] = node
    return parent


def _flow_of(idx: ModuleIndex, fn: FuncDef) -> _Flow:
    flow = _Flow(_parents(idx, fn))
    groups = _task_groups(idx, fn)
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.Call) and _spawns(idx, fn, node, flow.parent, 0):
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            group = groups.get(receiver.id) if isinstance(receiver, ast.Name) else None
            flow.spawns.append((node, group))
    return flow


def _task_groups(idx: ModuleIndex, fn: FuncDef) -> dict[str, ast.AsyncWith]:
    """Names bound by ``async with asyncio.TaskGroup() as tg`` -> that statement."""
    out: dict[str, ast.AsyncWith] = {}
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.AsyncWith):
            for item in node.items:
                made = item.context_expr
                if (
                    isinstance(made, ast.Call)
                    and idx.resolve_import(made.func, fn) in TASK_GROUPS
                    and isinstance(item.optional_vars, ast.Name)
                ):
                    out[item.optional_vars.id] = node
    return out


def _spawns(
    idx: ModuleIndex, fn: FuncDef, call: ast.Call, parent: dict[int, ast.AST], depth: int
) -> bool:
    """Whether ``call`` leaves work running on the loop once it has returned (or been
    awaited): a task, a server, a scheduled callback, or a project function that does."""
    name = idx.resolve_import(call.func, fn)
    if name in SPAWN_FUNCS:
        if name in DONE_WHEN_AWAITED and _awaited_at_once(call, parent):
            return False
        return not (name in DONE_WHEN_AWAITED and isinstance(parent.get(id(call)), ast.Await))
    if isinstance(call.func, ast.Attribute) and call.func.attr in SPAWN_METHODS:
        return True
    callee = idx.local_callee(call, fn)
    if callee is None or depth >= MAX_DEPTH:
        return False
    inner = _parents(idx, callee)
    groups = _task_groups(idx, callee)
    for sub in idx.nodes_of(callee):
        if (
            isinstance(sub, ast.Call)
            and _spawns(idx, callee, sub, inner, depth + 1)
            and not _joined(idx, callee, sub, inner)
        ):
            receiver = sub.func.value if isinstance(sub.func, ast.Attribute) else None
            if not (isinstance(receiver, ast.Name) and receiver.id in groups):
                return True  # a task group's tasks end before the function returns
    return False


def _joined(idx: ModuleIndex, fn: FuncDef, call: ast.Call, parent: dict[int, ast.AST]) -> bool:
    """``task = asyncio.create_task(play())`` that ``fn`` awaits later itself (``await task``,
    ``await asyncio.gather(task, ...)``): the task is over before ``fn`` returns, so it
    leaves nothing running behind the call to ``fn``."""
    if idx.resolve_import(call.func, fn) not in DONE_WHEN_AWAITED:
        return False
    bind = parent.get(id(call))
    if not (
        isinstance(bind, ast.Assign)
        and len(bind.targets) == 1
        and isinstance(bind.targets[0], ast.Name)
    ):
        return False
    name = bind.targets[0].id
    for node in idx.nodes_of(fn):
        if isinstance(node, ast.Await) and node.lineno > bind.lineno:
            awaited = node.value
            names = [awaited] if isinstance(awaited, ast.Name) else []
            if isinstance(awaited, ast.Call):
                names = [a for a in awaited.args if isinstance(a, ast.Name)]
            if any(n.id == name for n in names):
                return True
    return False


def _awaited_at_once(call: ast.Call, parent: dict[int, ast.AST]) -> bool:
    """``task = asyncio.create_task(work())`` and the very next statement awaits ``task``
    (``result = await task``): nothing else ran beside it, as if ``work()`` were awaited."""
    bind = parent.get(id(call))
    if not (
        isinstance(bind, ast.Assign)
        and len(bind.targets) == 1
        and isinstance(bind.targets[0], ast.Name)
    ):
        return False
    name = bind.targets[0].id
    block = parent.get(id(bind))
    for part in ("body", "orelse", "finalbody"):
        stmts = getattr(block, part, None)
        if isinstance(stmts, list) and any(s is bind for s in stmts):
            at = next(i for i, s in enumerate(stmts) if s is bind)
            following = stmts[at + 1] if at + 1 < len(stmts) else None
            return following is not None and any(
                isinstance(n, ast.Await) and isinstance(n.value, ast.Name) and n.value.id == name
                for n in ast.walk(following)
            )
    return False


def _ancestors(flow: _Flow, node: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    at = flow.parent.get(id(node))
    while at is not None:
        out.append(at)
        at = flow.parent.get(id(at))
    return out


def _endless(loop: ast.AST) -> bool:
    return (
        isinstance(loop, ast.While)
        and isinstance(loop.test, ast.Constant)
        and bool(loop.test.value)
    )


PROMPT_LIBRARIES = ("prompt_toolkit", "questionary", "InquirerPy", "inquirer", "aioconsole")
PROMPT_FUNCS = frozenset({"rich.prompt.Prompt.ask", "click.prompt", "typer.prompt"})
PROMPT_METHODS = frozenset({"prompt_async", "ainput", "ask_async", "unsafe_ask_async"})
"""How a program asks the person at its terminal for the next line."""


def _asks_the_user(idx: ModuleIndex, loop: ast.AST | list[ast.stmt], depth: int = 0) -> bool:
    """Whether ``loop``'s body asks the person at the terminal for input (``input()``,
    ``await session.prompt_async()``, directly or in a function of the module it calls):
    a read-eval loop, which runs one turn at a time at the person's pace."""
    for node in walk_scope(loop):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "input" and "input" not in idx.funcs:
            return True
        if isinstance(func, ast.Attribute) and func.attr in PROMPT_METHODS:
            return True
        name = idx.resolve_import(func, None)
        if name in PROMPT_FUNCS or name.startswith(PROMPT_LIBRARIES):
            return True
        callee = idx.funcs.get(func.id) if isinstance(func, ast.Name) else None
        if callee is not None and depth < 1 and _asks_the_user(idx, callee.node.body, depth + 1):
            return True
    return False


def _quiet_point(idx: ModuleIndex, flow: _Flow, call: ast.AST) -> bool:
    above = _ancestors(flow, call)
    if any(
        isinstance(a, ast.AsyncFor) or (_endless(a) and not _asks_the_user(idx, a)) for a in above
    ):
        return False
    here = (getattr(call, "lineno", 0), getattr(call, "col_offset", 0))
    inside = {id(a) for a in above}
    for spawn, group in flow.spawns:
        if spawn is call:
            return False
        if group is not None and id(group) not in inside:
            continue  # its tasks ended with the task group, or have not started
        start = (getattr(spawn, "lineno", 0), getattr(spawn, "col_offset", 0))
        if start < here:
            return False
        shared = inside & {id(a) for a in _ancestors(flow, spawn) if isinstance(a, LOOPS)}
        if group is not None:
            shared &= {id(a) for a in _ancestors(flow, spawn)} - {
                id(a) for a in _ancestors(flow, group)
            }
        if shared:
            return False  # a later iteration runs after it
    return True


def alone_entry(idx: ModuleIndex, fn: FuncDef, call: ast.AST, named: Counter[str]) -> str:
    """The coroutine a script in another module would have to run for ``call``, made by
    coroutine ``fn``, to run with nothing else on the loop ('' when there is none): ``fn``
    itself when the call is at a quiet point of ``fn`` and the module names ``fn`` nowhere
    else (``named``, from `names_loaded`: no ``self.fn()`` from another coroutine, no
    registration), so a script's runner is its only caller here. A coroutine the module
    only ever awaits at quiet points of one such entry (``await instance.setup()`` in the
    ``create`` factory) has that entry's."""
    if _nested_coroutine(fn):
        if _awaited_alone_by_parent(idx, fn, named) and _quiet_point(idx, _flow_of(idx, fn), call):
            return fn.parent
        return ""
    if not _quiet_point(idx, _flow_of(idx, fn), call):
        return ""
    return _entry(idx, fn, named, 0)


QUIET_DECORATORS = frozenset({"classmethod", "staticmethod"})
"""Decorators that register nothing: a factory ``@classmethod async def create`` is
called by name like any coroutine."""


def _entry(idx: ModuleIndex, fn: FuncDef, named: Counter[str], depth: int) -> str:
    if not isinstance(fn.node, ast.AsyncFunctionDef) or fn.parent:
        return ""
    if any(dotted(d) not in QUIET_DECORATORS for d in fn.node.decorator_list):
        return ""
    name = fn.node.name
    wanted = named[name]
    if not wanted:
        return fn.qualname
    if depth >= MAX_DEPTH:
        return ""
    entries: set[str] = set()
    awaited = 0
    for caller in idx.funcs.values():
        if caller is fn or not isinstance(caller.node, ast.AsyncFunctionDef):
            continue
        flow: _Flow | None = None
        for node in idx.nodes_of(caller):
            if not (isinstance(node, ast.Await) and isinstance(node.value, ast.Call)):
                continue
            func = node.value.func
            if (func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")) != name:
                continue
            flow = flow or _flow_of(idx, caller)
            entry = _entry(idx, caller, named, depth + 1)
            if not entry or not _quiet_point(idx, flow, node.value):
                return ""
            entries.add(entry)
            awaited += 1
    return entries.pop() if awaited == wanted and len(entries) == 1 else ""


def _awaited_alone_by_parent(idx: ModuleIndex, fn: FuncDef, named: Counter[str]) -> bool:
    """A nested coroutine that its enclosing coroutine only ever awaits, each time at a
    quiet point of its own: it runs alone whenever the enclosing one does."""
    parent = idx.funcs.get(fn.parent)
    if parent is None or not isinstance(parent.node, ast.AsyncFunctionDef):
        return False
    if parent.parent or parent.node.decorator_list or parent.node.name in named:
        return False
    flow = _flow_of(idx, parent)
    uses = [
        n
        for n in walk_scope(parent.node.body)
        if isinstance(n, ast.Name) and n.id == fn.node.name and isinstance(n.ctx, ast.Load)
    ]
    for use in uses:
        call = flow.parent.get(id(use))
        if not (
            isinstance(call, ast.Call)
            and call.func is use
            and isinstance(flow.parent.get(id(call)), ast.Await)
            and _quiet_point(idx, flow, call)
        ):
            return False
    return bool(uses)


def names_loaded(idx: ModuleIndex) -> Counter[str]:
    """How often each bare name is read and each attribute named, anywhere in the module."""
    out: Counter[str] = Counter()
    for node in ast.walk(idx.tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out[node.id] += 1
        elif isinstance(node, ast.Attribute):
            out[node.attr] += 1
    return out
