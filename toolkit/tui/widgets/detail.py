"""The detail pane: one finding in depth, a tab per question the reader has.

Summary (what and how sure), Evidence (the quotes and where they come from),
Timeline (the incident as pictures), Fix (what to type; ``c`` copies it) and
Runbook (how to confirm and verify, rendered Markdown).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static, TabbedContent, TabPane

from opsdoc.evidence import Evidence
from opsdoc.findings import Finding
from opsdoc.render._common import label, runbook_command
from opsdoc.report import Report
from opsdoc.tui.widgets.findings import SEVERITY_STYLE
from opsdoc.tui.widgets.timeline import TimelineView

TABS = ("summary", "evidence", "timeline", "fix", "runbook")


def fix_text(finding: Finding) -> str:
    """What ``c`` copies: the commands, else the diff, else the prose."""
    fix = finding.fix
    if fix.commands:
        return "\n".join(fix.commands)
    return fix.diff or fix.text


def summary(finding: Finding, report: Report | None) -> RenderableType:
    out = Text()
    out.append(f"{label(finding.severity)} ", style=SEVERITY_STYLE[finding.severity])
    out.append(f"{finding.code} {finding.title}\n", style="bold")
    out.append(f"{finding.subject}\n\n", style="underline")
    out.append(f"{finding.summary}\n\n")
    role = "root cause" if finding.root_cause else "finding"
    out.append(f"{role} · confidence {finding.confidence:.0%}", style="dim")
    if finding.origin != "opsdoc":
        out.append(f" · from {finding.origin}", style="dim")
    out.append("\n")
    if finding.suppressed:
        out.append(f"suppressed: {finding.suppressed}\n", style="yellow")
    if report is not None:
        for s in report.symptoms_of(finding):
            out.append("explains  ", style="bold")
            out.append(f"{s.code} {s.title} — {s.subject}\n")
        for c in report.explained_by(finding):
            out.append("caused by ", style="bold")
            out.append(f"{c.code} {c.title} — {c.subject}\n")
    out.append(f"\nnext: {runbook_command(finding)}", style="dim")
    return out


def evidence(finding: Finding) -> RenderableType:
    if not finding.evidence:
        return Text("This finding quotes no evidence.", style="dim")
    out = Text()
    for item in finding.evidence:
        out.append(f"{item.ref}", style="bold cyan")
        out.append(f"  ({item.source})\n", style="dim")
        out.append(f"  {item.quote}\n\n")
    out.rstrip()
    return out


def fix(finding: Finding) -> RenderableType:
    parts: list[RenderableType] = []
    if finding.fix.text:
        parts.append(Text(finding.fix.text + "\n"))
    if finding.fix.commands:
        cmds = Text()
        for cmd in finding.fix.commands:
            cmds.append("$ ", style="dim")
            cmds.append(cmd + "\n", style="bold")
        parts.append(cmds)
    if finding.fix.diff:
        parts.append(Syntax(finding.fix.diff, "diff", theme="ansi_dark", word_wrap=True))
    if not parts:
        return Text("No fix is known for this finding; see the runbook.", style="dim")
    parts.append(Text("\nc: copy " + ("commands" if finding.fix.commands else "fix"), style="dim"))
    return Group(*parts)


def runbook(finding: Finding) -> str:
    from opsdoc import runbooks

    try:
        return runbooks.read(finding.runbook or finding.code)
    except KeyError:
        return f"No runbook for {finding.code}."


class DetailPane(Vertical):
    """Shows one finding; the timeline also shows the whole incident."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.finding: Finding | None = None

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="summary", id="tabs"):
            with TabPane("Summary", id="summary"), VerticalScroll():
                yield Static("Waiting for the diagnosis…", id="summary-body")
            with TabPane("Evidence", id="evidence"), VerticalScroll():
                yield Static("", id="evidence-body")
            with TabPane("Timeline", id="timeline"), VerticalScroll():
                yield TimelineView(id="timeline-body")
            with TabPane("Fix", id="fix"), VerticalScroll():
                yield Static("", id="fix-body")
            with TabPane("Runbook", id="runbook"), VerticalScroll():
                yield Markdown("", id="runbook-body")

    def show(self, finding: Finding | None, report: Report | None, ev: Evidence | None) -> None:
        self.finding = finding
        events = report.timeline if report is not None else []
        self.query_one("#timeline-body", TimelineView).show(ev, events, finding)
        if finding is None:
            empty = "No finding selected." if report is not None else "Waiting for the diagnosis…"
            for name in ("summary", "evidence", "fix"):
                self.query_one(f"#{name}-body", Static).update(Text(empty, style="dim"))
            self.query_one("#runbook-body", Markdown).update("")
            return
        self.query_one("#summary-body", Static).update(summary(finding, report))
        self.query_one("#evidence-body", Static).update(evidence(finding))
        self.query_one("#fix-body", Static).update(fix(finding))
        self.query_one("#runbook-body", Markdown).update(runbook(finding))
