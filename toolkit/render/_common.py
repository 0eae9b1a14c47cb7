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
from opsdoc.report import Report, TimelineEvent

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


# C0/C1 controls other than tab and newline: a log line holding ESC sequences
# could otherwise recolour or rewrite the reader's terminal. They are shown, not obeyed.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Redacted, with control characters spelled out (``\\x1b``) instead of emitted."""
    text = redact(text).replace("\r\n", "\n")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _safe_finding(f: Finding) -> Finding:
    return replace(
        f,
        title=clean(f.title),
        subject=clean(f.subject),
        summary=clean(f.summary),
        evidence=tuple(
            EvidenceItem(clean(e.source), clean(e.ref), clean(e.quote)) for e in f.evidence
        ),
        fix=Fix(
            text=clean(f.fix.text),
            commands=tuple(clean(c) for c in f.fix.commands),
            diff=clean(f.fix.diff),
        ),
        explains=tuple(clean(i) for i in f.explains),
        suppressed=clean(f.suppressed),
        origin=clean(f.origin),
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
                clean(s.detail),
                [clean(i) for i in s.skipped_inputs],
            )
            for s in report.sources
        ],
        timeline=[
            TimelineEvent(e.at, e.source, clean(e.ref), e.kind, clean(e.text), e.severity)
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
class Groups:
    """Findings arranged for reading: causes with their symptoms, then the rest."""

    roots: list[tuple[Finding, list[Finding]]] = field(default_factory=list)
    others: list[Finding] = field(default_factory=list)
    internal: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    also: dict[str, list[Finding]] = field(default_factory=dict)
    """Per root id: symptoms it explains that are already shown under an earlier root."""


def group(report: Report) -> Groups:
    """Split the ranked findings; report order is kept within every group.

    A symptom explained by two root causes is shown under the first and only
    referenced from the second, so no finding is printed twice.
    """
    out = Groups()
    diagnosis = [f for f in report.findings if not f.suppressed and not is_internal(f)]
    position = {f.id: i for i, f in enumerate(report.findings)}
    placed: set[str] = set()
    for f in diagnosis:
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
        out.roots.append((f, fresh))
        placed.update(s.id for s in fresh)
        seen = [s for s in symptoms if s not in fresh]
        if seen:
            out.also[f.id] = seen
    out.others = [f for f in diagnosis if f.id not in placed]
    out.internal = [f for f in report.findings if not f.suppressed and is_internal(f)]
    out.suppressed = [f for f in report.findings if f.suppressed]
    return out
