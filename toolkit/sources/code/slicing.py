"""Parsing only the parts of a module that can hold a fact.

A file passes the pre-filter because one function in it starts a thread or waits
on a future; the other forty functions of the file cannot seed a fact, yet parsing
them was most of a scan's time. The module is cut at its top-level statements;
a ``def`` or ``class`` whose text holds no seed text (`SEED_TEXT`: the text every
extractor needs to see before it looks at a node) is left out unless the kept code
names it (a callee, a base class, a handler) or it names something kept (a caller).
What is left out becomes blank lines, so line numbers and columns do not move.
The work is done on the UTF-8 bytes (the offsets `ast` reports) with the
pre-filter's one-pass search, so a file that cannot be reduced costs little.

The cut is checked, never trusted: a top-level unit whose quotes or brackets do
not balance is kept, and if the reduced text does not parse, or a statement of it
spans a removed unit (the unit was really inside a string), the caller parses the
whole file instead. Cross-module lookups (a route handler named from another
module, a job function enqueued by name) never see a reduced module: the scan
parses it whole for them.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from dataclasses import dataclass

from opsdoc.sources.code.prefilter import Prefilter, Triggers

SEED_TEXT: tuple[bytes, ...] = tuple(
    n.encode()
    for n in (
        # waits, loops and futures (waits.py)
        ".result(",
        ".work(",
        "forever",
        "pause(",
        ".wait(",
        "Future(",
        "create_future",
        "while",
        "CLOUD_RUN_",
        # web declarations and routes (web.py, link.py)
        "urlpatterns",
        "outer",
        "lueprint",
        "FastAPI",
        "Flask",
        "Starlette",
        "Quart",
        "mount(",
        "include",
        "add_url_rule",
        "add_api_route",
        "add_route",
        "path(",
        "url(",
        "as_view",
        # background work (tasks.py, summary.py)
        "Thread",
        "thread",
        "Timer",
        "_task",
        "ensure_future",
        ".submit(",
        "xecutor",
        # event loops and other threads (blocking.py, bridges.py)
        "async def",
        "await ",
        "run(",
        "asyncio.run",
        "run_app",
        "_loop",
        "coroutine",
        "run_until_complete",
        "__main__",  # a script running another module's coroutine (scripts.py)
        "app[",  # objects kept in a web app's registry (registry.py)
        ".state.",
        "signal",
        "watchdog",
        "Handler",
        # job entries (swallow.py, enqueues.py)
        "enqueue",
        "schedule",
        "delay",
        "apply_async",
        "send",
        "subscribe",
        ".s(",
        ".si(",
        # logging configuration (logconf.py)
        "basicConfig",
        "dictConfig",
        "fileConfig",
        "propagate",
        "logging.disable",
        "log_config",
        "setup_logging",
        "loguru",
        "structlog",
        # inline suppressions, and test set-up (pytest fixtures)
        "opsdoc:",
        "fixture",
    )
)
"""Text a top-level definition must hold to seed a fact; the rest of the module is context."""
SEED_PATTERNS = (
    re.compile(rb"@[\w.]*\b(?:job|task|shared_task|actor|periodic_task|db_task)\b"),
    re.compile(rb"@\w+\.(?:get|post|put|patch|delete|head|options|trace|route|api_route)\("),
)
MIN_SAVING = 0.25
"""Below this fraction of the text left out, the whole file is parsed (fewer moving parts)."""

_UNIT_START = re.compile(rb"\n(?:(@)|(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)|[^\s#)\]}])")
"""A line starting a top-level statement: a decorator, a definition (its name) or another."""
_SEEDS = Prefilter(Triggers(SEED_TEXT, SEED_PATTERNS))
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | frozenset(
    range(128, 256)
)
"""Bytes of an identifier (any non-ASCII byte may be part of one)."""


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    name: bytes
    """Name a ``def``/``class`` binds; empty for any other statement (always kept)."""


@dataclass(frozen=True, slots=True)
class Reduced:
    text: str
    """The source with left-out units blanked (same line count)."""
    removed: tuple[tuple[int, int], ...]
    """1-based (first, last) line numbers of each left-out unit."""


def reduce_source(source: str) -> Reduced | None:
    """The source without its inert definitions, or None when nothing worth leaving out."""
    try:
        data = source.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: nothing to gain from odd files
        return None
    units = _units(data)
    if sum(1 for u in units if u.name) < 2:
        return None
    seeds = _seeds(data, units)
    seeds.update(
        i for i, u in enumerate(units) if i not in seeds and not _balanced(data, u.start, u.end)
    )
    inert = sum(u.end - u.start for i, u in enumerate(units) if i not in seeds)
    if inert < MIN_SAVING * len(data):
        return None  # the closure only keeps more
    keep = _closure(data, units, seeds)
    dropped = [u for i, u in enumerate(units) if i not in keep]
    if sum(u.end - u.start for u in dropped) < MIN_SAVING * len(data):
        return None
    parts: list[bytes] = []
    removed: list[tuple[int, int]] = []
    pos = 0
    line = 1
    for unit in dropped:
        kept = data[pos : unit.start]
        parts.append(kept)
        line += kept.count(b"\n")
        lines = data.count(b"\n", unit.start, unit.end)
        parts.append(b"\n" * lines)
        removed.append((line, line + max(lines - 1, 0)))
        line += lines
        pos = unit.end
    parts.append(data[pos:])
    return Reduced(b"".join(parts).decode("utf-8"), tuple(removed))


def parse_reduced(reduced: Reduced, path: str) -> ast.Module | None:
    """The reduced text's tree, or None when the cut proved wrong (the caller parses all)."""
    try:
        tree = ast.parse(reduced.text, filename=path)
    except (SyntaxError, ValueError):
        return None
    starts = [first for first, _ in reduced.removed]
    for stmt in tree.body:
        last = stmt.end_lineno or stmt.lineno
        i = bisect_right(starts, last) - 1
        if i >= 0 and reduced.removed[i][0] > stmt.lineno:
            return None  # a kept statement spans a removed unit: it was inside a string
    return tree


def _units(data: bytes) -> list[Unit]:
    """Top-level statements, a decorated definition counting as one."""
    heads = list(_UNIT_START.finditer(b"\n" + data))  # offsets in it are those of data
    units: list[Unit] = []
    if heads and heads[0].start() > 0:
        units.append(Unit(0, heads[0].start(), b""))
    pending = -1  # start of decorators waiting for their definition
    for i, head in enumerate(heads):
        start = head.start()
        end = heads[i + 1].start() if i + 1 < len(heads) else len(data)
        if head.group(1):
            pending = start if pending < 0 else pending
            continue
        name = head.group(2) or head.group(3) or b""
        units.append(Unit(start if pending < 0 else pending, end, name))
        pending = -1
    if pending >= 0:
        units.append(Unit(pending, len(data), b""))
    return units


def _balanced(data: bytes, start: int, end: int) -> bool:
    """Whether a unit could be a whole statement: even triple quotes, matched brackets."""
    text = data[start:end]
    return (
        text.count(b'"""') % 2 == 0
        and text.count(b"'''") % 2 == 0
        and text.count(b"(") == text.count(b")")
        and text.count(b"[") == text.count(b"]")
        and text.count(b"{") == text.count(b"}")
        and not text.rstrip().endswith(b"\\")
    )


def _seeds(data: bytes, units: list[Unit]) -> set[int]:
    """Units kept for their own sake: every plain statement, and definitions holding seed text.

    After a hit the search resumes at the end of its unit: one hit is enough.
    """
    keep = {i for i, u in enumerate(units) if not u.name}
    starts = [u.start for u in units]
    translated = _SEEDS.translate(data)
    pos = 0
    while (at := _SEEDS.first(data, translated, pos)) >= 0:
        i = max(bisect_right(starts, at) - 1, 0)
        keep.add(i)
        pos = max(units[i].end, at + 1)
    for pattern in _SEEDS.alone:
        pos = 0
        while (found := pattern.search(data, pos)) is not None:
            i = max(bisect_right(starts, found.start()) - 1, 0)
            keep.add(i)
            pos = max(units[i].end, found.start() + 1)
    return keep


def _closure(data: bytes, units: list[Unit], keep: set[int]) -> set[int]:
    """Kept units plus the definitions they name (callees, bases) and those naming them (callers)."""
    starts = [u.start for u in units]
    where: dict[bytes, set[int]] = {}

    def used_in(name: bytes) -> set[int]:
        """Units where ``name`` occurs as a whole word."""
        found = where.get(name)
        if found is None:
            found = where[name] = set()
            at = data.find(name)
            while at >= 0:
                end = at + len(name)
                if not (at and data[at - 1] in _WORD) and not (
                    end < len(data) and data[end] in _WORD
                ):
                    found.add(bisect_right(starts, at) - 1)
                at = data.find(name, end)
        return found

    pending = {i for i, u in enumerate(units) if u.name and i not in keep}
    new = set(keep)
    while new and pending:
        added = {j for j in pending if used_in(units[j].name) & new - {j}}
        for i in new:
            if units[i].name:
                added |= used_in(units[i].name) & pending
        keep |= added
        pending -= added
        new = added
    return keep
