"""The report: findings de-duplicated, linked and ranked, plus a timeline.

Ranking puts what to fix first, in two parts. *What the evidence shows* holds
findings backed by runtime observations (log lines, executions, queue state,
heartbeats, job records, processes) and the root causes that explain them; a
root cause corroborated by what was observed ranks before any hypothesis that
only the code supports, whatever their severities. *Risks in the code* holds
what nothing in the evidence shows happening. Within a part: root causes
first, each followed by its symptoms, then severity, then confidence. Findings
about opsdoc's own inputs (X codes) come after the diagnosis, suppressed ones last.
"""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from opsdoc.evidence import (
    Evidence,
    Execution,
    JobRecord,
    LogRecord,
    LogSummary,
    ProcessInfo,
    QueueStats,
    Record,
    WorkerBeat,
    location_file,
)
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
    observed: dict[str, int] = field(default_factory=dict)
    """Runtime observations the run had, by kind (``LogRecord``: 412...): with none, an
    empty incident part means "nothing was observed", not "nothing went wrong"."""
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

    def part(self, name: str) -> list[Finding]:
        """Active findings of one report part, in rank order."""
        return [f for f in self.active if f.part == name]

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings at or above `fail_on`, 3 an input or check could not be used.

        One rule for 3: something the run was asked to read or run could not be used: an
        X finding at error (a source, an ``--evidence`` file, a file named as PATH), or a
        source or check that failed. A requested source or a check that failed makes it 3
        even when its X finding is ignored or suppressed: ignoring the message must not turn
        "could not look" into "nothing found". A file the code walk found by itself and
        could not read or parse is an X001 at warning: the report names it, the exit code
        does not change for it.
        """
        diagnosis = [f for f in self.active if not f.code.startswith("X")]
        if any(f.severity.at_least(self.fail_on) for f in diagnosis):
            return 1
        if any(f.code.startswith("X") and f.severity.at_least(Severity.ERROR) for f in self.active):
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

    A finding cannot explain itself, a root cause cannot be explained by its own
    symptom (links that would form a cycle are dropped), and a pattern never
    matches a root cause (``T002:*`` explains slow-request symptoms, not the
    handler that is itself the cause).

    Near-linear: an exact id is a set look-up, a glob is matched only against the
    ids sharing its literal prefix (a bisection in the sorted ids), and each distinct
    pattern is matched once however many findings name it.
    """
    ids = sorted({f.id for f in findings})
    id_set = set(ids)
    roots = {f.id for f in findings if f.root_cause}
    matches: dict[str, tuple[str, ...]] = {}

    def matching(pattern: str) -> tuple[str, ...]:
        got = matches.get(pattern)
        if got is None:
            cut = min((i for i in map(pattern.find, "*?[") if i >= 0), default=-1)
            if cut < 0:
                got = (pattern,) if pattern in id_set else ()
            else:
                prefix = pattern[:cut]
                lo = bisect.bisect_left(ids, prefix)
                hi = bisect.bisect_left(ids, prefix + "\U0010ffff") if prefix else len(ids)
                # A pattern names symptoms; a root cause it happens to match is not one.
                got = tuple(
                    t for t in ids[lo:hi] if t not in roots and fnmatch.fnmatchcase(t, pattern)
                )
            matches[pattern] = got
        return got

    resolved: list[Finding] = []
    for f in findings:
        targets = {t for pattern in f.explains for t in matching(pattern) if t != f.id}
        resolved.append(replace(f, explains=tuple(sorted(targets))))
    explains_sets = {f.id: set(f.explains) for f in resolved}
    out = []
    for f in resolved:
        keep = tuple(t for t in f.explains if f.root_cause or f.id not in explains_sets[t])
        out.append(replace(f, explains=keep) if keep != f.explains else f)
    return out


COLLAPSE_AT = 20
"""More findings than this of one code in one file are shown as one, with a count."""


def collapse_repeats(findings: Sequence[Finding], at: int = COLLAPSE_AT) -> list[Finding]:
    """Findings of one code in one file (subjects ``path:line``) beyond ``at`` become
    one finding, the first, saying how many there are and where the next ones are.

    10,000 retired model IDs in one generated file are one thing to fix, and ranking
    or printing 10,000 findings would cost more than the run may take.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, f in enumerate(findings):
        path, sep, line = f.subject.rpartition(":")
        if sep and line.isdigit():
            groups.setdefault((f.code, path), []).append(index)
    drop: set[int] = set()
    merged: dict[int, Finding] = {}
    for (_code, _path), members in groups.items():
        if len(members) <= at:
            continue
        members.sort(key=lambda i: int(findings[i].subject.rpartition(":")[2]))
        first = findings[members[0]]
        lines = [findings[i].subject.rpartition(":")[2] for i in members[1:]]
        more = ", ".join(lines[:10]) + (", …" if len(lines) > 10 else "")
        evidence = tuple(dict.fromkeys(e for i in members[:5] for e in findings[i].evidence))
        explains = tuple(dict.fromkeys(p for i in members for p in findings[i].explains))
        merged[members[0]] = replace(
            first,
            summary=f"{first.summary} ({len(members)} findings of {first.code} in this file; "
            f"also lines {more})",
            evidence=evidence,
            explains=explains,
            confidence=max(findings[i].confidence for i in members),
            root_cause=any(findings[i].root_cause for i in members),
        )
        drop.update(members[1:])
    if not merged:
        return list(findings)
    return [merged.get(i, f) for i, f in enumerate(findings) if i not in drop]


INCIDENT = "incident"
RISK = "risk"
OPSDOC = "opsdoc"

OBSERVATION_KINDS: tuple[type[Record], ...] = (
    Execution,
    LogRecord,
    LogSummary,
    QueueStats,
    WorkerBeat,
    JobRecord,
    ProcessInfo,
)
"""Records that say what a running system did, as opposed to how it is configured."""


@dataclass(frozen=True)
class Observations:
    """Which evidence references point at runtime observations.

    A finding quoting an observation is something the evidence shows happening.
    Quotes are matched by reference: exactly, or by the file when every record
    read from that file is an observation (a log export), never by a file that
    also holds configuration (a ``job.yaml`` is not evidence that anything ran).
    """

    refs: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, evidence: Evidence) -> Observations:
        refs: set[str] = set()
        files: set[str] = set()
        other_files: set[str] = set()
        counts: dict[str, int] = {}
        for rec in evidence.records:
            location = rec.ref.location
            if isinstance(rec, OBSERVATION_KINDS):
                refs.add(location)
                files.add(location_file(location))
                name = type(rec).__name__
                counts[name] = counts.get(name, 0) + 1
            elif rec.ref.source != "code":
                other_files.add(location_file(location))
        return cls(frozenset(refs), frozenset(files - other_files), counts)

    def shows(self, finding: Finding) -> bool:
        """True when the finding quotes at least one runtime observation."""
        for item in finding.evidence:
            if item.source == "code":
                continue
            if item.ref in self.refs or location_file(item.ref) in self.files:
                return True
        return False


def _sort_key(f: Finding) -> tuple[int, int, float, str, str]:
    return (f.severity.rank, 0 if f.root_cause else 1, -f.confidence, f.code, f.subject)


def _by_severity(f: Finding) -> tuple[int, float, str, str]:
    return (f.severity.rank, -f.confidence, f.code, f.subject)


def _parts(diagnosis: Sequence[Finding], observations: Observations | None) -> dict[str, str]:
    """Each finding's part: observed, or explaining (transitively) something observed."""
    if observations is None:
        # No evidence store (a report rebuilt from findings): trust what the findings say.
        return {f.id: f.part or INCIDENT for f in diagnosis}
    incident = {f.id for f in diagnosis if observations.shows(f)}
    changed = True
    while changed:
        changed = False
        for f in diagnosis:
            if f.id not in incident and any(t in incident for t in f.explains):
                incident.add(f.id)
                changed = True
    return {f.id: INCIDENT if f.id in incident else RISK for f in diagnosis}


def _ordered(part: Sequence[Finding], tiers: dict[str, int]) -> list[Finding]:
    """Root causes (best corroborated first), each followed by its symptoms; then the rest.

    A root is as serious as the worst symptom it explains: a warning-level cause
    of an execution killed at its timeout ranks as that error does.
    """
    explained = {t for f in part for t in f.explains}
    by_id = {f.id: f for f in part}

    def root_key(f: Finding) -> tuple[int, int, int, int, float, str, str]:
        worst = min([f.severity.rank, *(by_id[t].severity.rank for t in f.explains if t in by_id)])
        return (
            tiers.get(f.id, 2),
            worst,
            f.severity.rank,
            0 if f.root_cause else 1,
            -f.confidence,
            f.code,
            f.subject,
        )

    # An observed finding nothing explains stands on its own beside the roots: a backlog
    # at error (Q002) that no cause accounts for outranks a warning-level cause that
    # explains nothing observed.
    roots = sorted(
        (
            f
            for f in part
            if f.root_cause
            or (f.explains and f.id not in explained)
            or (f.id not in explained and tiers.get(f.id) == 1)
        ),
        key=root_key,
    )
    placed: set[str] = set()
    ordered: list[Finding] = []
    for root in roots:
        if root.id in placed:
            continue
        ordered.append(root)
        placed.add(root.id)
        for symptom in sorted((by_id[i] for i in root.explains if i in by_id), key=_sort_key):
            if symptom.id not in placed and not symptom.root_cause:
                ordered.append(symptom)
                placed.add(symptom.id)
    rest = sorted((f for f in part if f.id not in placed), key=_sort_key)
    return ordered + rest


def rank(findings: Sequence[Finding], observations: Observations | None = None) -> list[Finding]:
    """Incident part, then risks in the code, then X findings, then suppressed ones.

    In the incident part a root cause that explains an observed symptom comes
    first, then one whose own evidence is an observation; then severity (a root
    counts as its worst symptom), then confidence. Every finding comes back with
    its ``part`` set.
    """
    active = [f for f in findings if not f.suppressed]
    diagnosis = [f for f in active if not f.code.startswith("X")]
    parts = _parts(diagnosis, observations)
    diagnosis = [replace(f, part=parts[f.id]) for f in diagnosis]
    incident = [f for f in diagnosis if f.part == INCIDENT]
    risk = [f for f in diagnosis if f.part == RISK]
    incident_ids = {f.id for f in incident}
    # Tier 0: explains something observed; tier 1: only its own evidence is observed.
    tiers: dict[str, int] = {}
    for f in incident:
        if any(t in incident_ids for t in f.explains):
            tiers[f.id] = 0
        elif observations is None or observations.shows(f):
            tiers[f.id] = 1
    own = [replace(f, part=OPSDOC) for f in active if f.code.startswith("X")]
    suppressed = [
        replace(f, part=OPSDOC if f.code.startswith("X") else (f.part or RISK))
        for f in findings
        if f.suppressed
    ]
    return (
        _ordered(incident, tiers)
        + _ordered(risk, {})
        + sorted(own, key=_sort_key)
        + sorted(suppressed, key=_sort_key)
    )


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
