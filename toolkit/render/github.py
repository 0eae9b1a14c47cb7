"""GitHub Actions workflow commands: each finding becomes an annotation on the run
(``::error file=app.py,line=3,title=T001 ...::summary``), on its line of the pull-request
diff when it has a file. Values are escaped as the runner expects, so a finding can
never issue a workflow command of its own."""

from __future__ import annotations

from opsdoc.findings import Finding, Severity
from opsdoc.render._common import checks_line, path_line, sanitized
from opsdoc.report import Report

_COMMAND = {
    Severity.CRITICAL: "error",
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, base: str = "") -> str:
    props = []
    where = path_line(f.subject)
    if where is not None:
        path = f"{base.rstrip('/')}/{where[0]}" if base else where[0]
        props += [f"file={_prop(path)}", f"line={where[1]}"]
    props.append(f"title={_prop(f'{f.code} {f.title}')}")
    message = f.summary or f.title
    if where is None:
        message = f"{f.subject}: {message}"
    if f.fix.text:
        message += f"\nFix: {f.fix.text}"
    message += f"\nRunbook: opsdoc runbook {f.runbook or f.code}"
    return f"::{_COMMAND[f.severity]} {','.join(props)}::{_data(message)}"


def render(report: Report, *, color: bool = False) -> str:
    report = sanitized(report)
    lines = [annotation(f, report.base) for f in report.findings if not f.suppressed]
    n = len(lines)
    tail = f"opsdoc: {n} finding{'s' if n != 1 else ''}" if n else "opsdoc: no problems found"
    if report.checks:
        tail += f"; {checks_line(report)}"
    return "\n".join([*lines, tail]) + "\n"
