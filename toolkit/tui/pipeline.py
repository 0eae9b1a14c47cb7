"""The diagnosis as the TUI runs it: the engine's own steps, with progress reported.

`opsdoc.engine.run` gives no sign of life until everything is done; an
on-call engineer staring at a slow source needs to see which one is slow.
This module runs the very same steps (`collect`, `derive`, `run_checks`,
`finish`) with thin wrappers around each source and check that report start
and finish to a `Listener`. The wrappers return exactly what they wrap, so
the report equals what `opsdoc.commands.diagnose.diagnose` gives (a test holds us to
that). Nothing here imports Textual: it runs in a worker thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from opsdoc.commands.diagnose import (
    Options,
    build_sources,
    complete_diffs,
    finish,
    reference_time,
    selected_codes,
)
from opsdoc.engine import run, stamp
from opsdoc.evidence import Evidence
from opsdoc.findings import Finding, Hit, SourceStatus
from opsdoc.plugin import CheckSpec, load_registry, select_specs
from opsdoc.report import Report
from opsdoc.sources.base import Source, SourceContext, SourceResult

Clock = Callable[[], float]


@dataclass(frozen=True)
class Target:
    """One thing to diagnose: a name for the header, its options, and optionally its sources.

    ``sources`` lets tests and benchmarks supply their own (a slow one, a
    generated one); by default the sources come from the options, as in the CLI.
    """

    name: str
    options: Options
    sources: Callable[[], Sequence[Source]] | None = None
    smoke_command: tuple[str, ...] = ()
    """Command line of the smoke check for ``m`` (empty: no smoke target configured)."""


class Listener(Protocol):
    """Where progress goes; called from worker threads, so implementations must be thread-safe."""

    def run_started(self, sources: list[str]) -> None: ...

    def source_started(self, name: str) -> None: ...

    def source_finished(self, name: str, records: int, seconds: float, error: str) -> None: ...

    def sources_done(self, statuses: list[SourceStatus]) -> None: ...

    def check_finished(self, code: str, findings: list[Finding]) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """The ranked report, plus the evidence behind it for the timeline pictures."""

    report: Report
    evidence: Evidence


class _WatchedSource:
    """A source that says when it starts and stops; what it collects is untouched."""

    def __init__(self, inner: Source, listener: Listener, clock: Clock) -> None:
        self.inner = inner
        self.name = inner.name
        self.timeout_s = inner.timeout_s
        self.listener = listener
        self.clock = clock

    def collect(self, ctx: SourceContext) -> SourceResult:
        self.listener.source_started(self.name)
        t0 = self.clock()
        try:
            result = self.inner.collect(ctx)
        except BaseException as exc:
            why = f"{type(exc).__name__}: {exc}"
            self.listener.source_finished(self.name, 0, self.clock() - t0, why)
            raise
        self.listener.source_finished(self.name, len(result.records), self.clock() - t0, "")
        return result


def _watched_check(spec: CheckSpec, listener: Listener) -> CheckSpec:
    def func(evidence: Evidence) -> Iterable[Hit]:
        hits = list(spec.func(evidence))
        try:
            provisional = [stamp(spec, hit) for hit in hits]
        except Exception:  # the engine reports a bad hit itself; progress is best effort
            provisional = []
        listener.check_finished(spec.code, provisional)
        return hits

    func.__doc__ = spec.func.__doc__
    return replace(spec, func=func)


def diagnose_live(
    target: Target, listener: Listener, *, clock: Clock = time.perf_counter
) -> Outcome:
    """`opsdoc.engine.run` + `finish`, reporting progress to ``listener``."""
    options = target.options
    config = options.config
    registry = load_registry(blocked=config.disable_plugins)
    specs = select_specs(registry, selected_codes(config), config.ignore)
    sources = list(target.sources() if target.sources is not None else build_sources(options))
    notes: list[str] = []
    listener.run_started([s.name for s in sources])
    result = run(
        [_WatchedSource(s, listener, clock) for s in sources],
        [_watched_check(s, listener) for s in specs],
        as_of=options.as_of,
        root=os.fspath(options.root),
        timeout_s=config.timeout_s,
        settings=config.settings(),
        on_sources_done=listener.sources_done,
        prepare=reference_time(options, sources, notes),
    )
    evidence = result.evidence
    report = finish(result, registry, config, specs, notes)
    if options.scan_code:
        report.findings = complete_diffs(report.findings, options.root)
    return Outcome(report, evidence)


def plain_target(options: Options, sources: Sequence[Source] | None = None) -> Target:
    """A target for ``opsdoc tui`` / ``diagnose --tui``: named after the project directory."""
    name = options.root.resolve().name or str(options.root)
    return Target(name, options, (lambda: list(sources)) if sources is not None else None)
