"""``enqueue`` facts: where the code hands a job to a queue, and whether it defines the job.

When workers fail to import a job's function (E004), the question is where the job
came from and whether the code that enqueued it has it. The enqueue site answers the
first; looking the dotted name up in the project's own modules answers the second:
defined here means the workers run an older release, defined nowhere means a typo or
a function removed while jobs still reference it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.facts import make_site
from opsdoc.sources.code.pyindex import ModuleIndex, dotted

ENQUEUE = "enqueue"
ENQUEUE_METHODS = frozenset({"enqueue", "enqueue_call", "enqueue_at", "enqueue_in", "schedule"})
Loader = Callable[[str], ModuleIndex | None]


def _target(idx: ModuleIndex, call: ast.Call, method: str) -> str:
    """The dotted job function an enqueue call names, or "" when it cannot be known."""
    args = list(call.args)
    func_kw = next((k.value for k in call.keywords if k.arg in ("func", "f")), None)
    if method in ("enqueue_at", "enqueue_in", "schedule") and len(args) > 1:
        args = args[1:]
    node = func_kw if func_kw is not None else (args[0] if args else None)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value:
        return node.value
    if isinstance(node, ast.Name | ast.Attribute):
        resolved = idx.resolve(node)
        if "." in resolved:
            return resolved
        if isinstance(node, ast.Name) and node.id in idx.funcs:
            return f"{idx.module}.{node.id}"
    return ""


def _defined(func: str, load: Loader) -> str:
    module, _, name = func.rpartition(".")
    target = load(module)
    if target is None:
        return "unknown"  # not this project's module (a library, or not shipped here)
    return "true" if name in target.funcs or name in target.imports else "false"


def _job_timeout(node: ast.Call) -> str:
    """The ``job_timeout=`` (or legacy ``timeout=``) an enqueue passes: its literal, ``set``
    when computed, empty when the queue's default applies (180 s unless configured)."""
    for kw in node.keywords:
        if kw.arg in ("job_timeout", "timeout"):
            if isinstance(kw.value, ast.Constant):
                return str(kw.value.value)
            return "set"
        if kw.arg is None:
            return "set"  # **options may carry it
    return ""


def _enqueue_calls(idx: ModuleIndex) -> Iterator[tuple[ast.Call, str]]:
    """Calls of this module that enqueue a job whose function can be named, with that name."""
    if not idx.mentions("enqueue", "schedule"):
        return  # every method of ENQUEUE_METHODS holds one of these
    for node in ast.walk(idx.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in ENQUEUE_METHODS:
            continue
        func = _target(idx, node, method)
        if func:
            yield node, func


def may_enqueue(idx: ModuleIndex) -> bool:
    """Whether `enqueue_sites` finds an enqueue in this module (no other module looked at)."""
    return next(_enqueue_calls(idx), None) is not None


def enqueue_sites(modules: Iterable[ModuleIndex], load: Loader) -> list[CodeSite]:
    sites = []
    for idx in modules:
        for node, func in _enqueue_calls(idx):
            sites.append(
                make_site(
                    ENQUEUE,
                    idx.path,
                    node.lineno,
                    idx.lines,
                    attrs={
                        "func": func,
                        "defined": _defined(func, load),
                        "call": dotted(node.func),
                        "job_timeout": _job_timeout(node),
                    },
                )
            )
    return sites
