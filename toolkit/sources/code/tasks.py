"""Asyncio tasks whose only reference is dropped.

The event loop keeps only a weak reference to a task, so a task nobody holds can
be garbage-collected mid-flight, and its exception is never retrieved. What
matters is where the task object goes after ``create_task`` returns (def-use
within the function): kept in a collection, stored on an object, returned,
awaited or gathered is fine; discarded, or bound to a local that goes nowhere,
is not. A `asyncio.TaskGroup` owns its tasks, so its ``create_task`` is exempt.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import TASK_DROPPED, make_site
from opsdoc.sources.code.pyindex import FuncDef, ModuleIndex, dotted, walk_scope

LOOP_FACTORIES = frozenset(
    {"asyncio.get_event_loop", "asyncio.get_running_loop", "asyncio.new_event_loop"}
)
TASK_GROUPS = ("asyncio.TaskGroup", "anyio.create_task_group", "trio.open_nursery")


def dropped_tasks(idx: ModuleIndex) -> list[CodeSite]:
    if not idx.mentions("create_task", "ensure_future"):
        return []
    out: list[CodeSite] = []
    for node in walk_scope(idx.tree.body):
        # module-level code: a task bound to a global lives as long as the module; one
        # started in an expression statement is held by nothing
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and is_task_spawn(idx, node.value, None)
        ):
            call = node.value
            attrs = {"call": dotted(call.func), "held": "discarded"}
            if coroutine := imported_coroutine(idx, call, None):
                attrs["coroutine"] = coroutine
            out.append(make_site(TASK_DROPPED, idx.path, call.lineno, idx.lines, "", attrs))
    for fn in idx.funcs.values():
        for call, held in _dropped(idx, fn):
            attrs = {"call": dotted(call.func), "held": held}
            if _releases(call):
                attrs["releases"] = "true"
            if _handles_its_errors(idx, call, fn):
                attrs["handled"] = "true"
            if coroutine := imported_coroutine(idx, call, fn):
                attrs["coroutine"] = coroutine
            out.append(
                make_site(
                    TASK_DROPPED,
                    idx.path,
                    call.lineno,
                    idx.lines,
                    function=fn.qualname,
                    attrs=attrs,
                )
            )
    return out


RELEASES = frozenset({"close", "aclose", "disconnect", "wait_closed", "shutdown_asyncgens"})
"""Coroutine methods that release a resource (a session, a connection, a client)."""


def _releases(spawn: ast.Call) -> bool:
    """``loop.create_task(session.close())``: the task only releases a resource, often
    scheduled from synchronous clean-up (``cog_unload``, ``__exit__``). Lost, it leaves
    the resource to the process's exit ("Unclosed client session"); no work is lost."""
    coro = spawn.args[0] if spawn.args else None
    return (
        isinstance(coro, ast.Call)
        and isinstance(coro.func, ast.Attribute)
        and coro.func.attr in RELEASES
    )


BROAD = frozenset({"Exception", "BaseException"})


def _handles_its_errors(idx: ModuleIndex, spawn: ast.Call, fn: FuncDef) -> bool:
    """The coroutine the task runs is of this module (a method of another of its objects
    too, by its name when only one coroutine has it) and its whole body sits in a ``try``
    whose handler catches every exception and does not raise (``async def
    _add_reaction(m): try: await m.add_reaction("✅") except Exception: log.debug(...)``):
    its failure is handled where it happens, nothing is left for the task to lose."""
    coro = spawn.args[0] if spawn.args else None
    if not isinstance(coro, ast.Call):
        return False
    target = idx.local_callee(coro, fn)
    if target is None and isinstance(coro.func, ast.Attribute):
        # ``self.platform._handle(msg)``: a method of another object of the module, known
        # by its name when the module defines one coroutine of that name only
        named = [
            f
            for f in idx.funcs.values()
            if f.node.name == coro.func.attr and isinstance(f.node, ast.AsyncFunctionDef)
        ]
        target = named[0] if len(named) == 1 else None
    if target is None or not isinstance(target.node, ast.AsyncFunctionDef):
        return False
    body = list(target.node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Try):
        return False
    return any(
        (h.type is None or dotted(h.type).rpartition(".")[2] in BROAD)
        and not any(isinstance(n, ast.Raise) for n in walk_scope(h.body))
        for h in body[0].handlers
    )


def is_task_spawn(idx: ModuleIndex, call: ast.Call, fn: FuncDef | None) -> bool:
    """``asyncio.create_task`` / ``ensure_future`` / ``loop.create_task`` (not a TaskGroup's)."""
    name = idx.resolve(call.func)
    if name in ("asyncio.create_task", "asyncio.ensure_future", "asyncio.tasks.create_task"):
        return True
    if not isinstance(call.func, ast.Attribute) or call.func.attr != "create_task":
        return False
    receiver = call.func.value
    for origin in idx.origins(receiver, fn):
        if isinstance(origin, ast.Call):
            made_by = idx.resolve(origin.func)
            if made_by in LOOP_FACTORIES:
                return True
            if made_by.startswith(TASK_GROUPS) or "tasks_v2" in made_by:
                return False
    return "loop" in dotted(receiver).rpartition(".")[2].lower()


def _dropped(idx: ModuleIndex, fn: FuncDef) -> Iterator[tuple[ast.Call, str]]:
    if fn.node.name == "__del__":
        # A finalizer can neither await nor own what it starts: scheduling the close on
        # the running loop is the best it can do (the anthropic and httpx client wrappers).
        return
    spawns = [
        node
        for node in walk_scope(fn.node.body)
        if isinstance(node, ast.Call) and is_task_spawn(idx, node, fn)
    ]
    if not spawns:
        return
    parents = _parents(fn.node.body)
    declared = _globals(fn.node.body)
    for call in spawns:
        if _never_suspends(idx, call, fn):
            continue
        parent = parents.get(id(call))
        # ``create_task(...).add_done_callback(cb)``: the callback does not hold the task
        if isinstance(parent, ast.Attribute):
            grand = parents.get(id(parent))
            if isinstance(grand, ast.Call) and isinstance(parents.get(id(grand)), ast.Expr):
                # the callback is handed the finished task: its failure is seen. One
                # task wired that way is deliberate; a fan-out in a loop is work items
                # that nothing holds.
                observed = parent.attr == "add_done_callback" and not _in_a_loop(fn.node.body, call)
                yield call, "callback" if observed else "discarded"
            continue
        if isinstance(parent, ast.Expr):
            yield call, "discarded"
            continue
        target: ast.expr | None = None
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
            target = parent.targets[0]
        elif isinstance(parent, ast.AnnAssign | ast.NamedExpr):
            target = parent.target
        if (
            isinstance(target, ast.Name)
            and target.id not in declared
            and parent is not None
            and not _name_kept(fn, target.id, parent, parents)
        ):
            if _observed(fn.node.body, target.id) and not _in_a_loop(fn.node.body, call):
                yield call, "callback"  # ``task.add_done_callback(on_complete)``
                continue
            lives = isinstance(fn.node, ast.AsyncFunctionDef) and _awaits_in_a_loop_after(
                fn.node.body, parent
            )
            yield call, f"{'frame' if lives else 'local'}:{target.id}"


def _never_suspends(idx: ModuleIndex, spawn: ast.Call, fn: FuncDef) -> bool:
    """The task runs a coroutine of the module that nothing can collect mid-flight: one
    with no ``await``, ``async for`` or ``async with`` completes in its first step, and
    one whose only awaits are ``asyncio.sleep(...)`` is held, while it sleeps, by the
    timer the loop keeps for it (the sleep's future holds the task's wake-up callback).
    An exception it raises is still logged by asyncio when the task is let go."""
    coro = spawn.args[0] if spawn.args else None
    if not isinstance(coro, ast.Call):
        return False
    target = idx.local_callee(coro, fn)
    return target is not None and only_sleeps(idx, target)


def imported_coroutine(idx: ModuleIndex, spawn: ast.Call, fn: FuncDef | None) -> str:
    """``create_task(keep_alive())`` where ``keep_alive`` is imported: its dotted name, so
    that the module defining it can say whether it ever suspends (`only_sleeps`)."""
    coro = spawn.args[0] if spawn.args else None
    if not isinstance(coro, ast.Call) or idx.local_callee(coro, fn) is not None:
        return ""
    return idx.resolve_import(coro.func, fn) if isinstance(coro.func, ast.Name) else ""


def only_sleeps(idx: ModuleIndex, target: FuncDef) -> bool:
    """A coroutine whose only suspensions are ``asyncio.sleep(...)`` (or none at all)."""
    if not isinstance(target.node, ast.AsyncFunctionDef):
        return False
    for node in walk_scope(target.node.body):
        if isinstance(node, ast.AsyncFor | ast.AsyncWith):
            return False
        if isinstance(node, ast.Await) and not (
            isinstance(node.value, ast.Call)
            and idx.resolve_import(node.value.func, target) == "asyncio.sleep"
        ):
            return False
    return True


def _parents(body: list[ast.stmt]) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in walk_scope(body):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _globals(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in walk_scope(body):
        if isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
    return names


def _name_kept(fn: FuncDef, name: str, binding: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """True when the local bound to the task reaches anything that outlives the function,
    in the function itself or in a nested function that reads it through its closure
    (``async def cancel(): task.cancel(); await task``), or when the function itself runs
    the loop after making the task (``loop.run_forever()``): its frame, and the local,
    live as long as the loop does."""
    if _kept_in(fn.node.body, name, binding, parents):
        return True
    if isinstance(fn.node, ast.FunctionDef) and _runs_the_loop_after(fn.node.body, binding):
        return True
    return any(
        _kept_in(inner.body, name, binding, _parents(inner.body), own=False)
        for inner in _closures_reading(fn.node, name)
    )


def _closures_reading(
    outer: ast.AST, name: str
) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Functions nested in ``outer`` whose ``name`` is ``outer``'s variable (a free
    variable: read there, not bound there unless declared ``nonlocal``)."""
    for node in ast.walk(outer):
        if node is outer or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if any(a is not None and a.arg == name for a in params):
            continue
        reads = binds = shared = False
        for sub in walk_scope(node.body):
            if isinstance(sub, ast.Name) and sub.id == name:
                reads |= isinstance(sub.ctx, ast.Load)
                binds |= not isinstance(sub.ctx, ast.Load)
            elif isinstance(sub, ast.Nonlocal) and name in sub.names:
                shared = True
        if reads and (shared or not binds):
            yield node


def _kept_in(
    body: list[ast.stmt],
    name: str,
    binding: ast.AST,
    parents: dict[int, ast.AST],
    own: bool = True,
) -> bool:
    """``own``: ``body`` is the function that binds the task (its frame holds the local
    until the function ends), not a closure reading it."""
    for node in walk_scope(body):
        if not (isinstance(node, ast.Name) and node.id == name) or _binds(node, binding):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Starred):
            parent = parents.get(id(parent))
        if isinstance(parent, ast.Attribute):
            # task.add_done_callback(tasks.discard) is the documented keep-alive idiom
            call = parents.get(id(parent))
            if (
                parent.attr == "add_done_callback"
                and isinstance(call, ast.Call)
                and any(isinstance(a, ast.Attribute) and a.attr == "discard" for a in call.args)
            ):
                return True
            if parent.attr in ("result", "exception") or (own and parent.attr == "cancel"):
                return True  # retrieved, or ended by the function whose frame holds it
            continue  # task.done(), task.get_name(): uses that do not keep it
        if isinstance(parent, ast.Call):
            if node in parent.args or any(k.value is node for k in parent.keywords):
                return True  # passed on: gathered, added to a set, registered somewhere
            continue
        if isinstance(parent, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.If | ast.While):
            continue
        if isinstance(parent, ast.Assign):
            if any(not isinstance(t, ast.Name) for t in parent.targets):
                return True  # self.task = task / tasks[key] = task
            continue
        return True  # awaited, returned, yielded, put in a literal...
    return False


def _observed(body: list[ast.stmt], name: str) -> bool:
    """``task.add_done_callback(cb)`` on the local: the callback gets the finished task."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add_done_callback"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == name
        for node in walk_scope(body)
    )


def _in_a_loop(body: list[ast.stmt], node: ast.AST) -> bool:
    return any(
        isinstance(loop, ast.While | ast.For | ast.AsyncFor)
        and any(n is node for n in walk_scope(loop.body))
        for loop in walk_scope(body)
    )


def _awaits_in_a_loop_after(body: list[ast.stmt], binding: ast.AST) -> bool:
    """After making the task the coroutine goes on in a loop that awaits (``while await
    queue.count(): await asyncio.sleep(0.1)``): its suspended frame, and the local in
    it, hold the task for as long as that loop runs."""
    start = getattr(binding, "lineno", 0)
    return any(
        isinstance(node, ast.While | ast.For | ast.AsyncFor)
        and node.lineno > start
        and (
            isinstance(node, ast.AsyncFor)
            or any(isinstance(n, ast.Await | ast.AsyncFor) for n in walk_scope([node]))
        )
        for node in walk_scope(body)
    )


def _runs_the_loop_after(body: list[ast.stmt], binding: ast.AST) -> bool:
    start = (getattr(binding, "lineno", 0), getattr(binding, "col_offset", 0))
    for node in walk_scope(body):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run_forever", "run_until_complete")
            and (node.lineno, node.col_offset) > start
        ):
            return True
    return False


def _binds(node: ast.Name, binding: ast.AST) -> bool:
    targets: list[ast.expr] = []
    if isinstance(binding, ast.Assign):
        targets = binding.targets
    elif isinstance(binding, ast.AnnAssign | ast.NamedExpr):
        targets = [binding.target]
    return any(t is node for t in targets) or not isinstance(node.ctx, ast.Load)
