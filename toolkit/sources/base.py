"""The source contract: collect evidence, report failure as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from opsdoc.evidence import Record


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input a source could not read: becomes an X001 finding."""

    input: str
    """The file, URL (redacted) or API the problem is about."""
    reason: str
    """One line saying what is wrong and, where possible, what to do."""
    requested: bool = True
    """Whether the user asked for this input (a source, an ``--evidence`` file, a file
    named as PATH). False for a file the code walk found by itself: it went unscanned,
    which its X001 says at warning, but the run did what was asked (no exit 3)."""


@dataclass
class SourceResult:
    """What a source collected.

    A source never raises for bad input: it returns what it could read, lists
    what it did not recognise in ``skipped`` and what it could not read in
    ``problems``. Partial data is kept (a truncated export still yields the
    entries before the cut).
    """

    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    detail: str = ""
    """A short note for the sources summary (e.g. ``3 files, 412 entries``)."""


@dataclass(frozen=True)
class SourceContext:
    """What every source may know about the run."""

    as_of: datetime
    root: str
    """The project directory being diagnosed (PATH)."""
    deadline_s: float
    """Seconds this source may take; network calls must time out before it."""


class Source(Protocol):
    """A producer of evidence. Implementations must be safe to run in a thread."""

    name: str
    """Short, stable name shown in the sources summary (``code``, ``exports``, ``redis``)."""
    timeout_s: float
    """Longest this source may run; the engine abandons it after that."""

    def collect(self, ctx: SourceContext) -> SourceResult:
        """Read-only collection. Raise only for bugs; report bad input as problems."""
        ...
