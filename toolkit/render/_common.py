"""What every renderer shares: grouping, labels, timestamps and a last redaction pass.

Renderers must agree on which findings are root causes and which symptoms hang
under them, or the terminal, the ticket and the CI report would tell different
stories about the same run. Keeping that logic here keeps them consistent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from opsdoc import __version__
from opsdoc.findings import EvidenceItem, Finding, Fix, Severity, SourceStatus
from opsdoc.redact import redact
from opsdoc.report import INCIDENT, RISK, Report, TimelineEvent

SYMBOLS = {
    Severity.CRITICAL: "✖",
    Severity.ERROR: "✖",
    Severity.WARNING: "▲",
    Severity.INFO: "●",
}


def label(severity: Severity) -> str:
    """Symbol plus upper-case name: readable on a terminal without colour."""
    return f"{SYMBOLS[severity]} {severity.value.upper()}"


def version(report: Report) -> str:
    """The opsdoc version that made the report (the running one when the report omits it)."""
    return report.version or __version__


def runbook_command(finding: Finding) -> str:
    return f"opsdoc runbook {finding.runbook or finding.code}"


def is_internal(finding: Finding) -> bool:
    """X findings are about opsdoc's own inputs, not about the diagnosed system."""
    return finding.code.startswith("X")


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with ``Z``; sub-second digits only when present (log ordering needs them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def severity_counts(report: Report) -> list[tuple[Severity, int, str]]:
    """Active findings per severity, worst first, with a phrase like ``4 errors``."""
    counts = report.counts()
    out = []
    for sev in Severity:
        n = counts[sev.value]
        words = (
            f"{n} {sev.value}"
            if sev in (Severity.CRITICAL, Severity.INFO)
            else plural(n, sev.value)
        )
        out.append((sev, n, words))
    return out


# Subjects are either a resource name or ``path:line``. Only a relative path to
# something that looks like a file counts: ``localhost:6379`` or
# ``redis.example.com:6379`` are hosts and ports, not source lines.
_PATH_LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>[1-9][0-9]*)$")
_FILE_NAMES = frozenset({"Dockerfile", "Procfile", "Makefile", "Containerfile"})
_FILE_SUFFIXES = frozenset(
    {
        "py", "pyi", "toml", "yaml", "yml", "json", "jsonl", "cfg", "ini", "txt", "env", "log",
        "sh", "conf", "md", "js", "ts", "tf", "sql", "lock",
    }
)  # fmt: skip


def path_line(subject: str) -> tuple[str, int] | None:
    """``(path, line)`` when the subject names a line in a relative file, else None."""
    match = _PATH_LINE.match(subject)
    if not match:
        return None
    path = match["path"]
    if path.startswith(("/", "~", "\\")) or "://" in path or re.match(r"^[A-Za-z]:", path):
        return None
    parts = path.replace("\\", "/").split("/")
    if ".." in parts:
        return None
    name = parts[-1]
    suffix = name.rsplit(".", 1)[1] if "." in name[1:] else ""
    looks_like_file = (
        name in _FILE_NAMES
        or suffix.lower() in _FILE_SUFFIXES
        or (len(parts) > 1 and suffix.isalnum() and not suffix.isdigit())
    )
    return (path, int(match["line"])) if looks_like_file else None


# C0/C1 controls other than tab and newline, bidi overrides and isolates, and the
# Unicode line/paragraph separators: a log line holding ESC sequences could otherwise
# recolour or rewrite the reader's terminal, and U+202E reorder what is read. They are
# shown, not obeyed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# In a one-line field (a path, a subject, a command) a newline or tab would start a
# forged line of its own.
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\u0085]")


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, one_line: bool = False) -> str:
    """Control and bidi characters spelled out (``\\x1b``, ``\\u202e``); no redaction."""
    return (_CONTROL_LINE if one_line else _CONTROL).sub(_spell, text)


def clean(text: str, *, one_line: bool = False) -> str:
    """Redacted, with control characters spelled out (``\\x1b``) instead of emitted.

    ``one_line`` also spells out newlines and tabs: for paths, subjects and commands.
    """
    text = redact(text).replace("\r\n", "\n")
    return escape_controls(text, one_line=one_line)


def _safe_diff(f: Finding) -> str:
    """The fix diff, with every path the finding names kept on its own header line."""
    diff = f.fix.diff
    if not diff:
        return diff
    for e in f.evidence:
        path = e.ref.rpartition(":")[0] or e.ref
        shown = escape_controls(path, one_line=True)
        if path and shown != path:
            diff = diff.replace(path, shown)
    return clean(diff)


def _safe_finding(f: Finding) -> Finding:
    return replace(
        f,
        title=clean(f.title, one_line=True),
        subject=clean(f.subject, one_line=True),
        summary=clean(f.summary, one_line=True),
        evidence=tuple(
            EvidenceItem(
                clean(e.source, one_line=True),
                clean(e.ref, one_line=True),
                clean(e.quote, one_line=True),
            )
            for e in f.evidence
        ),
        fix=Fix(
            text=clean(f.fix.text),
            commands=tuple(clean(c, one_line=True) for c in f.fix.commands),
            diff=_safe_diff(f),
        ),
        explains=tuple(clean(i, one_line=True) for i in f.explains),
        suppressed=clean(f.suppressed, one_line=True),
        origin=clean(f.origin, one_line=True),
    )


def sanitized(report: Report) -> Report:
    """A copy of the report with every user-derived string redacted once more.

    Checks are supposed to redact what they quote, but fix commands and diffs
    are free text written by checks, and a third-party check may forget. The
    output is the last place a secret can be stopped.
    """
    return replace(
        report,
        findings=[_safe_finding(f) for f in report.findings],
        sources=[
            SourceStatus(
                s.name,
                s.status,
                s.records,
                s.seconds,
                clean(s.detail, one_line=True),
                [clean(i, one_line=True) for i in s.skipped_inputs],
            )
            for s in report.sources
        ],
        timeline=[
            TimelineEvent(
                e.at,
                clean(e.source, one_line=True),
                clean(e.ref, one_line=True),
                e.kind,
                clean(e.text, one_line=True),
                e.severity,
            )
            for e in report.timeline
        ],
        warnings=[clean(w) for w in report.warnings],
    )


def checks_line(report: Report) -> str:
    """One line on what ran: "nothing found" and "nothing to check" must read differently."""
    ran = sum(1 for c in report.checks if c.status == "ran")
    skipped = sum(1 for c in report.checks if c.status == "skipped")
    failed = sum(1 for c in report.checks if c.status == "failed")
    text = f"checks: {ran} ran, {skipped} skipped (evidence missing), {failed} failed"
    if not ran:
        text += ": nothing was checked"
    return text


@dataclass
class PartGroup:
    """One report part: causes with their symptoms, then findings no cause explains."""

    name: str
    roots: list[tuple[Finding, list[Finding]]] = field(default_factory=list)
    others: list[Finding] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.roots or self.others)


PART_TITLES = {INCIDENT: "What the evidence shows", RISK: "Risks in the code"}


@dataclass
class Groups:
    """Findings arranged for reading: the incident, then risks in the code, then the rest."""

    incident: PartGroup = field(default_factory=lambda: PartGroup(INCIDENT))
    risk: PartGroup = field(default_factory=lambda: PartGroup(RISK))
    internal: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    also: dict[str, list[Finding]] = field(default_factory=dict)
    """Per root id: symptoms it explains that are already shown under an earlier root."""

    @property
    def parts(self) -> list[PartGroup]:
        return [self.incident, self.risk]

    @property
    def roots(self) -> list[tuple[Finding, list[Finding]]]:
        return self.incident.roots + self.risk.roots

    @property
    def others(self) -> list[Finding]:
        return self.incident.others + self.risk.others


def group(report: Report) -> Groups:
    """Split the ranked findings; report order is kept within every group.

    A symptom explained by two root causes is shown under the first and only
    referenced from the second, so no finding is printed twice. A symptom is
    shown under its root cause even when it belongs to the other part.
    """
    out = Groups()
    diagnosis = [f for f in report.findings if not f.suppressed and not is_internal(f)]
    position = {f.id: i for i, f in enumerate(report.findings)}
    placed: set[str] = set()
    for part in out.parts:
        members = [f for f in diagnosis if (f.part or INCIDENT) == part.name]
        for f in members:
            if f.id in placed:
                continue
            symptoms = sorted(
                (
                    s
                    for s in report.symptoms_of(f)
                    if not s.suppressed and not is_internal(s) and not s.root_cause
                ),
                key=lambda s: position[s.id],
            )
            if not (f.root_cause or symptoms):
                continue
            placed.add(f.id)
            fresh = [s for s in symptoms if s.id not in placed]
            part.roots.append((f, fresh))
            placed.update(s.id for s in fresh)
            seen = [s for s in symptoms if s not in fresh]
            if seen:
                out.also[f.id] = seen
        part.others = [f for f in members if f.id not in placed]
        placed.update(f.id for f in part.others)
    out.internal = [f for f in report.findings if not f.suppressed and is_internal(f)]
    out.suppressed = [f for f in report.findings if f.suppressed]
    return out


def observed_phrase(report: Report) -> str:
    """What runtime evidence the run had, in words (``412 log entries, 6 executions``)."""
    names = {
        "LogRecord": "log entry",
        "LogSummary": "log summary",
        "Execution": "execution",
        "QueueStats": "queue",
        "WorkerBeat": "heartbeat",
        "JobRecord": "job record",
        "ProcessInfo": "process",
    }
    parts = []
    for kind, count in sorted(report.observed.items()):
        if kind == "LogSummary" or not count:
            continue
        word = names.get(kind, kind)
        parts.append(f"{count} {word}" if count == 1 else f"{count} {_plural_word(word)}")
    return ", ".join(parts)


def _plural_word(word: str) -> str:
    if word.endswith("y") and not word.endswith("ey"):
        return word[:-1] + "ies"
    if word.endswith("ss"):
        return word + "es"
    return word + "s"


def empty_incident_note(report: Report) -> str:
    """Why the incident part is empty: nothing observed, or observations that show nothing."""
    seen = observed_phrase(report)
    if seen:
        return f"The evidence ({seen}) shows nothing going wrong."
    return (
        "No runtime evidence was given (logs, executions, queue state, heartbeats): "
        "only code and configuration were checked."
    )
