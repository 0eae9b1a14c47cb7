"""Markdown for tickets and pull requests (GitHub, GitLab, Jira with Markdown).

A ticket is read by someone who was not at the terminal: it leads with a
summary table, then one section per root cause holding everything needed to
act (symptoms, evidence with exact refs, the fix as copyable blocks and the
runbook to follow). User text never breaks the layout: table cells are
escaped and code spans and fences grow longer than any backtick run inside.
"""

from __future__ import annotations

import re

from opsdoc.findings import Finding
from opsdoc.render._common import (
    PART_TITLES,
    Groups,
    checks_line,
    empty_incident_note,
    group,
    iso,
    label,
    runbook_command,
    sanitized,
    severity_counts,
    version,
)
from opsdoc.report import INCIDENT, RISK, Report


def _longest_backtick_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)


def code(text: str) -> str:
    """An inline code span that survives backticks in ``text``."""
    text = " ".join(text.split())
    if not text:
        return ""
    ticks = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(text: str, lang: str) -> list[str]:
    ticks = "`" * max(3, _longest_backtick_run(text) + 1)
    return [f"{ticks}{lang}", *text.rstrip("\n").splitlines(), ticks]


def cell(text: str) -> str:
    """Table cells are one line and ``|`` ends a cell, even inside a code span."""
    return " ".join(text.split()).replace("|", "\\|")


def prose(text: str) -> str:
    """Check-written text may use Markdown, but never raw HTML."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _body(f: Finding) -> list[str]:
    lines = [
        f"{label(f.severity)} · {code(f.subject)} · confidence {f.confidence:.2f}",
        "",
    ]
    if f.summary:
        lines += [prose(f.summary), ""]
    if f.evidence:
        lines += ["**Evidence**", ""]
        rows = [[e.source, code(e.ref), code(e.quote)] for e in f.evidence]
        lines += [*_table(["Source", "Ref", "Quote"], rows), ""]
    if f.fix.text or f.fix.commands or f.fix.diff:
        lines += ["**Fix**", ""]
        if f.fix.text:
            lines += [prose(f.fix.text), ""]
        if f.fix.commands:
            lines += [*fence("\n".join(f.fix.commands), "sh"), ""]
        if f.fix.diff:
            lines += [*fence(f.fix.diff, "diff"), ""]
    lines += [f"Runbook: {code(runbook_command(f))}", ""]
    return lines


def _heading(level: int, prefix: str, f: Finding) -> list[str]:
    return [f"{'#' * level} {prefix}{f.code} — {prose(f.title)}", ""]


def _row(f: Finding, role: str) -> list[str]:
    return [label(f.severity), f.code, prose(f.title), code(f.subject), role]


def _summary(report: Report, groups: Groups) -> list[str]:
    parts = [words for _, _, words in severity_counts(report)]
    if groups.suppressed:
        parts.append(f"{len(groups.suppressed)} suppressed")
    lines = [
        f"**{', '.join(parts)}** · exit code {report.exit_code} · "
        f"as of {iso(report.as_of)} · opsdoc {version(report)}",
        "",
    ]
    rows: list[list[str]] = []
    for part in groups.parts:
        where = "evidence" if part.name == INCIDENT else "code risk"
        for root, symptoms in part.roots:
            rows.append(_row(root, f"root cause ({where})"))
            rows += [_row(s, f"symptom of {root.code}") for s in symptoms]
        rows += [_row(f, where) for f in part.others]
    rows += [_row(f, "input problem") for f in groups.internal]
    rows += [_row(f, "suppressed") for f in groups.suppressed]
    if rows:
        lines += [*_table(["Severity", "Code", "Title", "Subject", "Role"], rows), ""]
    else:
        lines += ["No problems found.", ""]
    return lines


def _sources(report: Report) -> list[str]:
    if not report.sources:
        return []
    rows = [
        [s.name, s.status, str(s.records), f"{s.seconds:.2f}", prose(s.detail)]
        for s in report.sources
    ]
    lines = ["## Sources", "", *_table(["Source", "Status", "Records", "Seconds", "Detail"], rows)]
    skipped = [(s.name, i) for s in report.sources for i in s.skipped_inputs]
    if skipped:
        lines += ["", "Skipped inputs (not recognised):", ""]
        lines += [f"- {name}: {code(item)}" for name, item in skipped]
    return [*lines, ""]


def render(report: Report, *, color: bool = False) -> str:
    report = sanitized(report)
    groups = group(report)
    lines = ["# opsdoc report", "", *_summary(report, groups)]
    if groups.incident or groups.risk:
        for part in groups.parts:
            if not part:
                if part.name == INCIDENT:
                    lines += [f"## {PART_TITLES[INCIDENT]}", "", empty_incident_note(report), ""]
                continue
            lines += [f"## {PART_TITLES[part.name]}", ""]
            if part.name == RISK:
                lines += ["Nothing in the evidence shows these happening.", ""]
            for root, symptoms in part.roots:
                lines += _heading(3, "Root cause: ", root) + _body(root)
                for symptom in symptoms:
                    lines += _heading(4, "Symptom: ", symptom) + _body(symptom)
                also = groups.also.get(root.id, [])
                if also:
                    lines += [
                        f"Also explains {', '.join(code(s.id) for s in also)} (see above).",
                        "",
                    ]
            for f in part.others:
                lines += _heading(3, "", f) + _body(f)
    if groups.internal:
        lines += ["## Inputs opsdoc could not use", ""]
        for f in groups.internal:
            lines += _heading(3, "", f) + _body(f)
    if groups.suppressed:
        lines += ["## Suppressed", ""]
        rows = [[f.code, code(f.subject), prose(f.suppressed)] for f in groups.suppressed]
        lines += [*_table(["Code", "Subject", "Reason"], rows), ""]
    lines += _sources(report)
    lines += [f"{checks_line(report)}.", ""] if report.checks else []
    lines += [f"Note: {prose(note)}" for note in report.notes]
    return "\n".join(lines).rstrip("\n") + "\n"
