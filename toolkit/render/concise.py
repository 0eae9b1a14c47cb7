"""One line per finding, as ``ruff check --output-format concise``: for editors, grep and
pre-commit, where a whole report is too much to read in a hook's output."""

from __future__ import annotations

from opsdoc.render._common import checks_line, sanitized
from opsdoc.report import Report


def render(report: Report, *, color: bool = False) -> str:
    report = sanitized(report)
    lines = []
    for f in report.findings:
        if f.suppressed:
            continue
        first = f.summary.splitlines()[0] if f.summary else f.title
        lines.append(f"{f.subject}: {f.code} [{f.severity.value}] {first}")
    n = len(lines)
    tail = f"Found {n} finding{'s' if n != 1 else ''}." if n else "No problems found."
    if report.checks:
        tail += f" ({checks_line(report)})"
    return "\n".join([*lines, tail]) + "\n"
