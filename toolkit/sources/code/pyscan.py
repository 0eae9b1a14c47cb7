"""Parsing one Python file and extracting its single-module facts."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from opsdoc.evidence import CodeSite
from opsdoc.sources.code.blocking import blocking_in_async
from opsdoc.sources.code.bridges import thread_loop_bridges
from opsdoc.sources.code.facts import APP_REGISTRY, SCRIPT_RUN, TEST_SUPPORT, make_site
from opsdoc.sources.code.logconf import logging_config
from opsdoc.sources.code.newsyntax import parse_newer
from opsdoc.sources.code.pyindex import ModuleIndex
from opsdoc.sources.code.registry import stored
from opsdoc.sources.code.scripts import run_targets
from opsdoc.sources.code.slicing import Reduced, parse_reduced
from opsdoc.sources.code.subscribers import streaming_consumers
from opsdoc.sources.code.tasks import dropped_tasks
from opsdoc.sources.code.templates import error_on_marker
from opsdoc.sources.code.waits import blocking_waits, job_env_reads
from opsdoc.sources.code.web import WebModule, declarations


@dataclass
class PyModule:
    """A parsed module: its own facts, plus what cross-module linking needs."""

    index: ModuleIndex
    web: WebModule
    sites: list[CodeSite] = field(default_factory=list)


class ParseFailure(Exception):
    """The file is not valid Python; ``reason`` says why in one line.

    ``template``: what Python cannot read in it is template syntax (`templates`): a
    file a template tool renders, not a broken module."""

    def __init__(self, reason: str, template: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.template = template


Reducer = Callable[[str], Reduced | None]
"""Cuts a module's text down (`slicing.reduce_source`, or what a reading process made)."""


def parse(
    source: str, path: str, reduce: Reducer | None = None, tree: ast.Module | None = None
) -> ModuleIndex:
    """Index of ``source``; raises `ParseFailure` for anything Python cannot parse.

    With ``reduce``, definitions that cannot seed a fact are left out of the tree
    (`slicing`); the index says so, and cross-module lookups parse the file whole.
    ``tree``: ``ast.parse(source)`` when the caller has it already (see `parse_whole`).
    """
    if reduce is not None:
        reduced = reduce(source)
        if reduced is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = parse_reduced(reduced, path)
            if tree is not None:
                idx = ModuleIndex.build(tree, path, source)
                idx.reduced = True
                return idx
    if tree is not None:
        return ModuleIndex.build(tree, path, source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes in user code
            tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        # syntax newer than this interpreter (3.12+ f-strings, type parameters)?
        newer = parse_newer(source, path)
        if newer is None:
            where = f" at line {exc.lineno}" if exc.lineno else ""
            template = error_on_marker(source, exc.lineno, exc.offset)
            raise ParseFailure(f"Python syntax error{where}: {exc.msg}", template) from None
        tree = newer
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(f"cannot parse as Python: {type(exc).__name__}") from None
    return ModuleIndex.build(tree, path, source)


def parse_whole(source: str, path: str) -> ast.Module | None:
    """``ast.parse`` of a whole module, or None where `parse` would do more (report a
    syntax error, or read syntax newer than this interpreter)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


WAIT_NEEDLES = (".result(", ".work(", "forever", "pause(", ".wait(", "Future(", "create_future")
WEB_NEEDLES = (
    "urlpatterns",
    "outer",
    "lueprint",
    "FastAPI",
    "Flask",
    "Starlette",
    "Quart",
    "mount(",
)
REGISTRY_GATES = ("app[", ".state.")
"""Text a module holds when it stores into, or reads from, a web app's registry."""
ROUTE = re.compile(r"@[\w.]+\.(?:get|post|put|patch|delete|head|options|trace|route|api_route)\(")
ENDLESS_LOOP = re.compile(r"while\s+(?:True\b|1\b|not\b|[\w.]+\s*:|[\w.]+\(\)\s*:)")


def analyze(
    source: str, path: str, reduce: Reducer | None = None, tree: ast.Module | None = None
) -> PyModule:
    return analyze_index(parse(source, path, reduce, tree), source)


def analyze_index(idx: ModuleIndex, source: str, blocking: bool = True) -> PyModule:
    """The single-module facts of an indexed module (whatever parser built its tree).

    ``blocking=False`` leaves out blocking calls in coroutines: the caller scans them
    later with other modules at hand (the same facts and more), and scanning twice was
    half of a project's scan time."""
    web = declarations(idx) if idx.mentions(*WEB_NEEDLES) or ROUTE.search(source) else WebModule()
    mod = PyModule(index=idx, web=web)
    if idx.mentions(*WAIT_NEEDLES) or ENDLESS_LOOP.search(source):
        mod.sites.extend(blocking_waits(idx))
    if idx.mentions("CLOUD_RUN_"):
        mod.sites.extend(job_env_reads(idx))
    if blocking and idx.mentions("async def"):
        mod.sites.extend(blocking_in_async(idx))
    mod.sites.extend(dropped_tasks(idx))
    if idx.mentions(
        "threading", "watchdog", "signal", "subscribe", "run_coroutine_threadsafe", "asyncio.run"
    ):
        mod.sites.extend(thread_loop_bridges(idx))
    if idx.mentions("subscribe"):
        mod.sites.extend(streaming_consumers(idx))
    mod.sites.extend(logging_config(idx))
    if idx.mentions(*REGISTRY_GATES):
        for line, key, cls in stored(idx):
            attrs = {"key": key, "class": cls}
            mod.sites.append(make_site(APP_REGISTRY, idx.path, line, idx.lines, "", attrs))
    if idx.mentions("fixture") and _defines_fixtures(idx):
        mod.sites.append(make_site(TEST_SUPPORT, idx.path, 1, idx.lines))
    if idx.mentions("__main__"):
        for target, runner, line in run_targets(idx):
            attrs = {"target": target, "runner": runner}
            mod.sites.append(make_site(SCRIPT_RUN, idx.path, line, idx.lines, "", attrs))
    return mod


FIXTURE_DECORATORS = ("pytest.fixture", "pytest_asyncio.fixture")


def _defines_fixtures(idx: ModuleIndex) -> bool:
    """A function decorated ``@pytest.fixture`` (or pytest-asyncio's): pytest runs it to set
    up a test, so what it blocks or drops is no production concern."""
    for fn in idx.funcs.values():
        for deco in fn.node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if idx.resolve(target) in FIXTURE_DECORATORS:
                return True
    return False
