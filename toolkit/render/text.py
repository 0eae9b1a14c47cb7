"""The terminal view: what an on-call engineer reads first.

Root causes lead, with the symptoms they explain indented under them, so the
reader fixes one thing instead of chasing five. Every line reads without
colour (severity has a symbol and a word); colour is only a highlight. Nothing
is wrapped: terminals wrap, and copied commands must stay whole.
"""

from __future__ import annotations

from opsdoc.findings import Finding, Severity
from opsdoc.render._common import (
    PART_TITLES,
    Groups,
    PartGroup,
    checks_line,
    empty_incident_note,
    group,
    label,
    plural,
    runbook_command,
    sanitized,
    severity_counts,
)
from opsdoc.report import INCIDENT, RISK, Report

_RESET = "\x1b[0m"
_STYLE = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "+": "\x1b[32m",
    "-": "\x1b[31m",
    "@": "\x1b[36m",
}


class _Paint:
    """Applies ANSI styles only when asked, so plain output stays byte-clean."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: Severity | str) -> str:
        if not self.color or not text:
            return text
        return f"{_STYLE[style]}{text}{_RESET}"

    def diff_line(self, line: str) -> str:
        if line.startswith(("+++", "---")):
            return self(line, "bold")
        if line[:1] in ("+", "-", "@"):
            return self(line, line[:1])
        return line


def _indented(text: str, pad: str) -> list[str]:
    return [pad + line if line else line for line in text.splitlines()]


def finding_lines(finding: Finding, *, indent: int = 0, color: bool = False) -> list[str]:
    """One finding: header, summary, evidence, fix and runbook pointer.

    Shared with the JUnit renderer, whose failure bodies CI shows verbatim.
    """
    paint = _Paint(color)
    pad = " " * indent
    body = pad + "  "
    header = (
        f"{pad}{paint(label(finding.severity), finding.severity)} "
        f"{paint(finding.code, 'bold')} {finding.title} — {finding.subject}"
    )
    if finding.origin != "opsdoc":
        header += f" [{finding.origin}]"
    lines = [header]
    lines += _indented(finding.summary, body)
    if finding.evidence:
        lines.append(f"{body}evidence:")
        for item in finding.evidence:
            lines.append(f"{body}  {paint(item.ref + ':', 'dim')} {item.quote}")
    fix = finding.fix
    if fix.text or fix.commands or fix.diff:
        first, *rest = (fix.text or "").splitlines() or [""]
        lines.append(f"{body}fix: {first}".rstrip())
        lines += _indented("\n".join(rest), body + "  ")
        lines += [f"{body}  $ {command}" for command in fix.commands]
        lines += [f"{body}  {paint.diff_line(line)}".rstrip() for line in fix.diff.splitlines()]
    lines.append(f"{body}runbook: {runbook_command(finding)}")
    return lines


def _part_blocks(part: PartGroup, groups: Groups, color: bool) -> list[list[str]]:
    paint = _Paint(color)
    blocks: list[list[str]] = []
    for root, symptoms in part.roots:
        block = finding_lines(root, color=color)
        if symptoms:
            block.append(f"  explains {plural(len(symptoms), 'symptom')}:")
        for symptom in symptoms:
            block += finding_lines(symptom, indent=4, color=color)
        for seen in groups.also.get(root.id, []):
            block.append(paint(f"  also explains {seen.id} (shown above)", "dim"))
        blocks.append(block)
    blocks += [finding_lines(f, color=color) for f in part.others]
    return blocks


def _findings(report: Report, groups: Groups, color: bool) -> list[str]:
    paint = _Paint(color)
    blocks: list[list[str]] = []
    if groups.incident or groups.risk:
        heading = paint(f"== {PART_TITLES[INCIDENT]} ==", "bold")
        if groups.incident:
            blocks.append([heading])
            blocks += _part_blocks(groups.incident, groups, color)
        else:
            blocks.append([heading, empty_incident_note(report)])
        if groups.risk:
            note = "nothing in the evidence shows these happening"
            blocks.append([paint(f"== {PART_TITLES[RISK]} ==", "bold") + f" ({note})"])
            blocks += _part_blocks(groups.risk, groups, color)
    if groups.internal:
        blocks.append(["opsdoc could not use every input:"])
        blocks += [finding_lines(f, color=color) for f in groups.internal]
    out: list[str] = []
    for block in blocks:
        out += [*block, ""]
    return out


def _suppressed(groups: Groups, color: bool) -> list[str]:
    if not groups.suppressed:
        return []
    paint = _Paint(color)
    lines = [paint(f"{len(groups.suppressed)} suppressed:", "dim")]
    lines += [paint(f"  {f.id} ({f.suppressed})", "dim") for f in groups.suppressed]
    return [*lines, ""]


def _sources(report: Report) -> list[str]:
    if not report.sources:
        return []
    name_w = max(len(s.name) for s in report.sources)
    status_w = max(len(s.status) for s in report.sources)
    records_w = max(len(str(s.records)) for s in report.sources)
    lines = ["sources:"]
    for s in report.sources:
        records = plural(s.records, "record").rjust(records_w + len(" records"))
        line = f"  {s.name:<{name_w}}  {s.status:<{status_w}}  {records}  {s.seconds:.2f}s"
        if s.detail:
            line += f"  {s.detail}"
        lines.append(line)
        lines += [f"    skipped: {item}" for item in s.skipped_inputs]
    return [*lines, ""]


def _summary(report: Report, groups: Groups, color: bool) -> str:
    paint = _Paint(color)
    parts = [paint(words, sev) if n else words for sev, n, words in severity_counts(report)]
    if groups.suppressed:
        parts.append(f"{len(groups.suppressed)} suppressed")
    return (
        f"{', '.join(parts)} from {plural(len(report.sources), 'source')} "
        f"in {report.seconds:.1f}s (exit {report.exit_code})"
    )


def checks_table(report: Report) -> list[str]:
    """``--show-checks``: each check and whether it ran, was skipped or failed."""
    if not report.checks:
        return []
    width = max(len(c.title) for c in report.checks)
    lines = ["checks:"]
    for c in report.checks:
        if c.status == "ran":
            why = plural(c.findings, "finding")
        elif c.status == "skipped":
            why = "needs " + ", ".join(c.missing)
        else:
            why = "crashed or timed out (see X002)"
        lines.append(f"  {c.code}  {c.title:<{width}}  {c.status:<7}  {why}")
    return [*lines, ""]


def render(report: Report, *, color: bool = False, show_checks: bool = False) -> str:
    report = sanitized(report)
    groups = group(report)
    lines: list[str] = []
    if not report.active:
        if report.checks and not any(c.status == "ran" for c in report.checks):
            lines += ["Nothing was checked: no selected check had the evidence it needs.", ""]
        else:
            lines += ["No problems found.", ""]
            if not report.observed:
                lines += [empty_incident_note(report), ""]
    lines += [f"note: {note}" for note in report.notes]
    lines += [""] if report.notes else []
    lines += _findings(report, groups, color)
    lines += _suppressed(groups, color)
    lines += _sources(report)
    if show_checks:
        lines += checks_table(report)
    if report.checks:
        lines.append(checks_line(report))
    lines.append(_summary(report, groups, color))
    return "\n".join(lines) + "\n"
