"""The engine: run sources, then checks, concurrently and under deadlines.

Nothing that goes wrong in a source or a check may stop the run: a failing
source becomes an X001 finding, a crashing or hung check an X002 finding, and
everything else is still reported. Work runs in daemon threads so that a hung
network call or check can be abandoned at its deadline without holding the
process open.
"""

from __future__ import annotations

import queue
import re
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from opsdoc.derive import derive
from opsdoc.evidence import Evidence
from opsdoc.findings import Finding, Hit, Severity, SourceStatus, quote
from opsdoc.plugin import CheckSpec
from opsdoc.redact import redact
from opsdoc.sources.base import Source, SourceContext, SourceResult

DEFAULT_CHECK_DEADLINE_S = 10.0
MAX_PARALLEL = 8

T = TypeVar("T")

MAX_FIELD = 2000
"""Characters of a subject or summary kept: evidence fields (a worker name, a job
description) can be megabytes long, and every kept character is redacted and printed."""


def capped(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` redacted and cut to ``limit`` characters, in time bounded by the limit."""
    if len(text) <= limit:
        return redact(text)
    shown = redact(text[: limit + 4096])
    return shown[: limit - 1] + "…" if len(shown) > limit else shown


@dataclass
class _Outcome:
    value: Any = None
    error: BaseException | None = None
    trace: str = ""
    seconds: float = 0.0
    done: bool = False
    cut: str = ""
    """Why it was abandoned unfinished (which deadline, after how long)."""


def run_bounded(
    tasks: Sequence[tuple[str, Callable[[], T], float]], overall_deadline: float
) -> dict[str, _Outcome]:
    """Run named callables concurrently, each under its own timeout.

    Returns one outcome per name; an outcome with ``done=False`` timed out and
    was abandoned (its daemon thread may still be running, and its result is
    ignored). At most `MAX_PARALLEL` run at once.
    """
    outcomes = {name: _Outcome() for name, _, _ in tasks}
    finished: queue.Queue[str] = queue.Queue()
    pending = list(tasks)
    running: dict[str, float] = {}  # name -> its deadline (monotonic)
    began: dict[str, float] = {}  # name -> when it started (monotonic)

    def start(name: str, func: Callable[[], T]) -> None:
        def body() -> None:
            t0 = time.perf_counter()
            out = outcomes[name]
            try:
                out.value = func()
            except BaseException as exc:  # reported as data, never re-raised
                out.error = exc
                out.trace = traceback.format_exc(limit=6)
            out.seconds = time.perf_counter() - t0
            out.done = True
            finished.put(name)

        threading.Thread(target=body, name=f"opsdoc:{name}", daemon=True).start()

    while pending or running:
        now = time.monotonic()
        while pending and len(running) < MAX_PARALLEL:
            name, func, timeout = pending.pop(0)
            running[name] = min(now + max(timeout, 0.0), overall_deadline)
            began[name] = now
            start(name, func)
        next_deadline = min(running.values())
        wait = max(0.0, next_deadline - time.monotonic())
        try:
            name = finished.get(timeout=wait)
            running.pop(name, None)
        except queue.Empty:
            now = time.monotonic()
            for name, deadline in list(running.items()):
                if deadline <= now:
                    running.pop(name)
                    _cut(outcomes[name], now - began[name], deadline, overall_deadline, tasks, name)
        if time.monotonic() >= overall_deadline:
            for name, _, _ in pending:
                outcomes[name].error = TimeoutError("not started: the run's --timeout was reached")
            pending.clear()
            now = time.monotonic()
            for name in list(running):
                running.pop(name)
                _cut(outcomes[name], now - began[name], now, overall_deadline, tasks, name)
    return outcomes


def _cut(
    out: _Outcome,
    seconds: float,
    deadline: float,
    overall_deadline: float,
    tasks: Sequence[tuple[str, Any, float]],
    name: str,
) -> None:
    """Mark a task abandoned at its deadline: how long it ran, and which deadline cut it
    (its own timeout, or the run's ``--timeout``, which is often the nearer)."""
    out.seconds = seconds
    if deadline >= overall_deadline:
        out.cut = f"the run's --timeout was reached after {seconds:.1f} s"
    else:
        out.cut = f"no answer within {timeout_of(tasks, name):g} s"
    _abandoned.set()


def _where(out: _Outcome) -> str:
    """Where an error was raised, in one line (never a traceback in a report)."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', out.trace)
    error = f"{type(out.error).__name__}: {out.error}"
    if not frames:
        return error
    path, line, func = frames[-1]
    # The module and line, never the machine's path to it.
    where = "/".join(path.replace("\\", "/").split("/")[-2:])
    return f"{error} (in {func}, {where}:{line})"


_abandoned = threading.Event()


def abandoned_work() -> bool:
    """Whether a source or check was left running past its deadline: the process
    then exits without waiting for it (`opsdoc.cli.main`)."""
    return _abandoned.is_set()


def timeout_of(tasks: Sequence[tuple[str, Any, float]], name: str) -> float:
    return next(t for n, _, t in tasks if n == name)


@dataclass
class RunResult:
    """Everything a run produced, before ranking."""

    evidence: Evidence
    findings: list[Finding]
    statuses: list[SourceStatus]
    seconds: float
    checks_run: list[str] = field(default_factory=list)


def x001(
    subject: str,
    summary: str,
    detail: str = "",
    source: str = "opsdoc",
    severity: Severity = Severity.ERROR,
) -> Finding:
    """A source or input could not be read: at error when it was asked for (exit 3), at
    warning for a file the code walk found by itself (`InputProblem.requested`)."""
    from opsdoc.checks.internal import X001_TITLE

    return Finding(
        code="X001",
        title=X001_TITLE,
        severity=severity,
        subject=capped(subject),
        summary=capped(summary),
        evidence=(quote(source, capped(subject), detail or summary),),
        runbook="X001",
        confidence=1.0,
    )


def x002(code: str, summary: str, detail: str) -> Finding:
    """A check crashed or timed out."""
    from opsdoc.checks.internal import X002_TITLE

    return Finding(
        code="X002",
        title=X002_TITLE,
        severity=Severity.ERROR,
        subject=f"check {code}",
        summary=summary,
        evidence=(quote("engine", f"check {code}", detail, width=600),),
        runbook="X002",
        confidence=1.0,
    )


def stamp(spec: CheckSpec, hit: Hit) -> Finding:
    """Turn a check's hit into a finding carrying the check's identity."""
    return Finding(
        code=spec.code,
        title=spec.title,
        severity=hit.severity or spec.severity,
        subject=hit.subject if len(hit.subject) <= MAX_FIELD else capped(hit.subject),
        summary=capped(hit.summary),
        evidence=tuple(dict.fromkeys(hit.evidence)),
        fix=hit.fix,
        runbook=spec.code,
        confidence=max(0.0, min(1.0, hit.confidence)),
        root_cause=spec.root_cause if hit.root_cause is None else hit.root_cause,
        explains=hit.explains,
        origin=spec.origin,
    )


def collect(
    sources: Sequence[Source], as_of: datetime, root: str, deadline: float
) -> tuple[Evidence, list[Finding], list[SourceStatus]]:
    """Run every source concurrently; failures become X001 findings."""
    evidence = Evidence(as_of=as_of)
    findings: list[Finding] = []
    statuses: list[SourceStatus] = []

    def task(src: Source) -> Callable[[], SourceResult]:
        def body() -> SourceResult:
            # The run's deadline, when nearer, is the source's own: it stops in time
            # and keeps what it read instead of being abandoned with it.
            left = max(0.0, deadline - time.monotonic())
            ctx = SourceContext(as_of=as_of, root=root, deadline_s=min(src.timeout_s, left))
            return src.collect(ctx)

        return body

    outcomes = run_bounded(
        [(src.name, task(src), src.timeout_s) for src in sources], overall_deadline=deadline
    )
    for src in sources:
        out = outcomes[src.name]
        if not out.done:
            why = out.cut or (
                str(out.error) if out.error else f"no answer within {src.timeout_s:g} s"
            )
            findings.append(x001(src.name, f"source {src.name} timed out: {why}"))
            statuses.append(SourceStatus(src.name, "failed", 0, round(out.seconds, 2), redact(why)))
            continue
        if out.error is not None:
            why = f"{type(out.error).__name__}: {out.error}"
            findings.append(x001(src.name, f"source {src.name} failed: {why}", _where(out)))
            statuses.append(SourceStatus(src.name, "failed", 0, round(out.seconds, 2), redact(why)))
            continue
        result: SourceResult = out.value
        evidence.add(result.records)
        for problem in result.problems:
            findings.append(
                x001(
                    problem.input,
                    f"{problem.input}: {problem.reason}",
                    problem.reason,
                    src.name,
                    Severity.ERROR if problem.requested else Severity.WARNING,
                )
            )
        requested = [p for p in result.problems if p.requested]
        status = "ok" if result.records or not requested else "failed"
        if not result.records and not result.problems and not result.detail:
            status = "skipped"
        statuses.append(
            SourceStatus(
                src.name,
                status,
                len(result.records),
                round(out.seconds, 2),
                redact(result.detail),
                sorted(result.skipped),
            )
        )
    return evidence, findings, statuses


def run_checks(
    specs: Sequence[CheckSpec], evidence: Evidence, deadline: float, check_deadline_s: float
) -> tuple[list[Finding], list[str]]:
    """Run the checks whose evidence is present; crashes and hangs become X002."""
    kinds = evidence.kinds()
    runnable = [s for s in specs if s.runnable(kinds)]

    def task(spec: CheckSpec) -> Callable[[], list[Hit]]:
        return lambda: list(spec.func(evidence))

    outcomes = run_bounded(
        [(s.code, task(s), check_deadline_s) for s in runnable], overall_deadline=deadline
    )
    findings: list[Finding] = []
    for spec in runnable:
        out = outcomes[spec.code]
        if not out.done:
            why = out.cut or (
                str(out.error) if out.error else f"no answer within {check_deadline_s:g} s"
            )
            findings.append(
                x002(
                    spec.code,
                    f"check {spec.code} did not finish within its deadline",
                    f"abandoned: {why}",
                )
            )
        elif out.error is not None:
            findings.append(
                x002(
                    spec.code,
                    f"check {spec.code} crashed: {type(out.error).__name__}: {out.error}",
                    out.trace,
                )
            )
        else:
            findings.extend(stamp(spec, hit) for hit in out.value)
    return findings, [s.code for s in runnable]


def report_reserve(timeout_s: float) -> float:
    """Seconds of ``--timeout`` kept for ranking, rendering and writing the report, so
    that the process exits by ``--timeout`` + 1 s even when sources and checks use all
    the time they are given."""
    return min(REPORT_RESERVE_S, timeout_s * 0.1)


REPORT_RESERVE_S = 0.5


def run(
    sources: Sequence[Source],
    specs: Sequence[CheckSpec],
    *,
    as_of: datetime,
    root: str,
    timeout_s: float,
    settings: dict[str, Any] | None = None,
    check_deadline_s: float = DEFAULT_CHECK_DEADLINE_S,
    on_sources_done: Callable[[list[SourceStatus]], None] | None = None,
    prepare: Callable[[Evidence], None] | None = None,
    started: float | None = None,
) -> RunResult:
    """Collect evidence and run checks, all within ``timeout_s``.

    ``on_sources_done`` hears the source statuses before the checks start (the TUI
    shows them while checks run). ``prepare`` may adjust the collected evidence (its
    reference time) before anything is derived from it. ``started`` (monotonic): when
    the clock of ``timeout_s`` started, if before this call (the process's start: its
    start-up and configuration count against ``--timeout`` too); the run then ends
    `report_reserve` seconds before that timeout, leaving them to the report.
    """
    t0 = time.monotonic()
    if started is None:
        deadline = t0 + timeout_s
    else:
        deadline = max(t0, started + timeout_s - report_reserve(timeout_s))
    # Sources get most of the budget; checks are pure and fast.
    source_deadline = t0 + (deadline - t0) * 0.85
    evidence, findings, statuses = collect(sources, as_of, root, source_deadline)
    if on_sources_done is not None:
        on_sources_done(statuses)
    if prepare is not None:
        prepare(evidence)
    evidence.add(derive(evidence))
    evidence.settings.update(settings or {})
    check_findings, ran = run_checks(specs, evidence, deadline, check_deadline_s)
    return RunResult(
        evidence=evidence,
        findings=findings + check_findings,
        statuses=statuses,
        seconds=time.monotonic() - t0,
        checks_run=ran,
    )
