"""The report: findings de-duplicated, linked and ranked, plus a timeline.

Ranking puts what to fix first: root causes before the symptoms they explain,
then severity, then confidence; findings about opsdoc's own inputs (X codes)
come after the diagnosis, suppressed findings last.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from opsdoc.evidence import Evidence, Execution, LogRecord, WorkerBeat
from opsdoc.findings import Finding, Severity, SourceStatus


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One timestamped fact, merged across sources."""

    at: datetime
    source: str
    ref: str
    kind: str
    """``execution-start``, ``execution-end``, ``log``, ``heartbeat``."""
    text: str
    severity: str = ""


@dataclass(frozen=True, slots=True)
class CheckStatus:
    """Whether one check ran, so "nothing found" and "nothing to check" differ."""

    code: str
    title: str
    status: str
    """``ran``, ``skipped`` (evidence it needs is missing) or ``failed`` (crashed, timed out)."""
    missing: tuple[str, ...] = ()
    """For a skipped check: the evidence kinds it lacked (``any of A/B`` for alternatives)."""
    findings: int = 0
    """Findings it reported (before suppression)."""


@dataclass
class Report:
    """What renderers draw: ranked findings, source statuses and a timeline."""

    as_of: datetime
    findings: list[Finding]
    sources: list[SourceStatus]
    timeline: list[TimelineEvent] = field(default_factory=list)
    seconds: float = 0.0
    fail_on: Severity = Severity.ERROR
    version: str = ""
    checks: list[CheckStatus] = field(default_factory=list)
    """Every selected check and whether it ran, was skipped or failed."""
    notes: list[str] = field(default_factory=list)
    """What the reader must know to read the report right (e.g. where `as_of` came from)."""
    warnings: list[str] = field(default_factory=list)
    """Problems with the user's own settings that change nothing found (unused suppressions)."""
    base: str = ""
    """PATH relative to the repository root (``""``: the root itself or no repository), so
    SARIF links resolve when PATH is a subdirectory."""
    _index_key: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    _index: dict[str, Finding] = field(default_factory=dict, init=False, repr=False, compare=False)
    _cause_index: dict[str, list[Finding]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings at or above `fail_on`, 3 an input or check could not be used.

        A requested source or a check that failed makes it 3 even when its X finding is
        ignored or suppressed: ignoring the message must not turn "could not look" into
        "nothing found".
        """
        diagnosis = [f for f in self.active if not f.code.startswith("X")]
        if any(f.severity.at_least(self.fail_on) for f in diagnosis):
            return 1
        if any(f.code.startswith("X") for f in self.active):
            return 3
        if any(s.status == "failed" for s in self.sources):
            return 3
        if any(c.status == "failed" for c in self.checks):
            return 3
        return 0

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.active:
            out[f.severity.value] += 1
        return out

    def explained_by(self, finding: Finding) -> list[Finding]:
        return self._causes().get(finding.id, [])

    def symptoms_of(self, finding: Finding) -> list[Finding]:
        by_id = self._by_id()
        return [by_id[i] for i in finding.explains if i in by_id]

    def _by_id(self) -> dict[str, Finding]:
        """Findings by id, rebuilt only when the list changed (renderers ask per finding)."""
        key = id(self.findings), len(self.findings)
        if self._index_key != key:
            self._index = {f.id: f for f in self.findings}
            causes: dict[str, list[Finding]] = {}
            for f in self.findings:
                for target in f.explains:
                    causes.setdefault(target, []).append(f)
            self._cause_index = causes
            self._index_key = key
        return self._index

    def _causes(self) -> dict[str, list[Finding]]:
        self._by_id()
        return self._cause_index


def _merge(a: Finding, b: Finding) -> Finding:
    """Two hits with the same id: keep the worse severity and every distinct quote."""
    evidence = tuple(dict.fromkeys(a.evidence + b.evidence))
    worse = a if a.severity.rank <= b.severity.rank else b
    return replace(
        worse,
        evidence=evidence,
        confidence=max(a.confidence, b.confidence),
        explains=tuple(dict.fromkeys(a.explains + b.explains)),
        root_cause=a.root_cause or b.root_cause,
    )


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    by_id: dict[str, Finding] = {}
    for f in findings:
        by_id[f.id] = _merge(by_id[f.id], f) if f.id in by_id else f
    return list(by_id.values())


def resolve_links(findings: Sequence[Finding]) -> list[Finding]:
    """Turn ``explains`` patterns (``E002:*``, exact ids) into the ids actually present.

    A finding cannot explain itself, and a root cause cannot be explained by its
    own symptom (links that would form a cycle are dropped).
    """
    ids = [f.id for f in findings]
    resolved: list[Finding] = []
    for f in findings:
        targets: list[str] = []
        for pattern in f.explains:
            for target in ids:
                if target != f.id and fnmatch.fnmatchcase(target, pattern):
                    targets.append(target)
        resolved.append(replace(f, explains=tuple(sorted(dict.fromkeys(targets)))))
    by_id = {f.id: f for f in resolved}
    out = []
    for f in resolved:
        keep = tuple(t for t in f.explains if f.id not in by_id[t].explains or f.root_cause)
        out.append(replace(f, explains=keep))
    return out


def _sort_key(f: Finding) -> tuple[int, int, float, str, str]:
    return (f.severity.rank, 0 if f.root_cause else 1, -f.confidence, f.code, f.subject)


def rank(findings: Sequence[Finding]) -> list[Finding]:
    """Root causes first, each followed by the symptoms it explains; then the rest.

    Within a group: severity, then confidence, then code and subject for a
    stable order. X findings and suppressed findings go last.
    """
    active = [f for f in findings if not f.suppressed]
    diagnosis = [f for f in active if not f.code.startswith("X")]
    own = [f for f in active if f.code.startswith("X")]
    suppressed = [f for f in findings if f.suppressed]

    explained = {t for f in diagnosis for t in f.explains}
    roots = sorted(
        (f for f in diagnosis if f.root_cause or (f.explains and f.id not in explained)),
        key=_sort_key,
    )
    placed: set[str] = set()
    ordered: list[Finding] = []
    by_id = {f.id: f for f in diagnosis}
    for root in roots:
        if root.id in placed:
            continue
        ordered.append(root)
        placed.add(root.id)
        for symptom in sorted((by_id[i] for i in root.explains if i in by_id), key=_sort_key):
            if symptom.id not in placed and not symptom.root_cause:
                ordered.append(symptom)
                placed.add(symptom.id)
    rest = sorted((f for f in diagnosis if f.id not in placed), key=_sort_key)
    return ordered + rest + sorted(own, key=_sort_key) + sorted(suppressed, key=_sort_key)


def timeline(evidence: Evidence, limit: int = 500) -> list[TimelineEvent]:
    """Timestamped evidence across sources, oldest first, bounded.

    Execution starts/ends, error and platform log lines, and heartbeats: the
    facts an on-call engineer lines up by hand during an incident.
    """
    events: list[TimelineEvent] = []
    for ex in evidence.of(Execution):
        if ex.start_time:
            events.append(
                TimelineEvent(
                    ex.start_time,
                    ex.ref.source,
                    ex.ref.location,
                    "execution-start",
                    f"execution {ex.name} started",
                )
            )
        if ex.completion_time:
            how = "timed out" if ex.timed_out else ex.status
            reason = f" ({ex.reason})" if ex.reason and not ex.timed_out else ""
            events.append(
                TimelineEvent(
                    ex.completion_time,
                    ex.ref.source,
                    ex.ref.location,
                    "execution-end",
                    f"execution {ex.name} {how}{reason}",
                    "error" if ex.status == "failed" else "",
                )
            )
    for rec in evidence.of(LogRecord):
        if rec.timestamp is None:
            continue
        if rec.is_error or rec.stream == "system" or rec.severity == "WARNING":
            events.append(
                TimelineEvent(
                    rec.timestamp,
                    rec.ref.source,
                    rec.ref.location,
                    "log",
                    rec.message.splitlines()[0][:200] if rec.message else "",
                    rec.severity.lower(),
                )
            )
    for beat in evidence.of(WorkerBeat):
        if beat.at:
            events.append(
                TimelineEvent(
                    beat.at,
                    beat.ref.source,
                    beat.ref.location,
                    "heartbeat",
                    f"last heartbeat of {beat.worker}",
                )
            )
    events.sort(key=lambda e: (e.at, e.kind, e.ref))
    if len(events) > limit:
        # Keep the most recent: incidents are diagnosed from their end.
        events = events[-limit:]
    return events
