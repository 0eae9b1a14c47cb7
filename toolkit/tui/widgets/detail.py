"""The detail pane: one finding in depth, a tab per question the reader has.

Summary (what and how sure), Evidence (the quotes and where they come from),
Timeline (the incident as pictures), Fix (what to type; ``c`` copies it) and
Runbook (how to confirm and verify, rendered Markdown).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from opsdoc.evidence import Evidence
from opsdoc.findings import Finding
from opsdoc.render._common import label, runbook_command
from opsdoc.report import Report, TimelineEvent
from opsdoc.tui.widgets.findings import SEVERITY_STYLE
from opsdoc.tui.widgets.timeline import TimelineView

TABS = ("summary", "evidence", "timeline", "fix", "runbook")
WAITING = "Waiting for the diagnosis…"


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
        from rich.syntax import Syntax  # Pygments: paid only when a fix carries a diff

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
    """Shows one finding; the timeline also shows the whole incident.

    Only the Summary tab is built up front: the other bodies (the Markdown
    runbook above all) cost time and memory before the first paint, and most
    readers never open most tabs. A body is mounted the first time its tab is
    shown, drawn from the finding kept here, and kept up to date from then on.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.finding: Finding | None = None
        self.report: Report | None = None
        self.evidence: Evidence | None = None
        self.built: set[str] = {"summary"}
        """Tabs whose body is mounted."""

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="summary", id="tabs"):
            with TabPane("Summary", id="summary"), VerticalScroll():
                yield Static(Text(WAITING, style="dim"), id="summary-body")
            for tab in TABS[1:]:
                yield TabPane(tab.capitalize(), id=tab)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        if tab is None or tab in self.built:
            return
        self.built.add(tab)
        body = self._body(tab)
        event.pane.mount(VerticalScroll(body))

    def _body(self, tab: str) -> Widget:
        """A new body for ``tab``, already showing the current finding."""
        if tab == "timeline":
            view = TimelineView(id="timeline-body")
            view.evidence, view.events, view.finding = self.evidence, self._events(), self.finding
            return view
        if tab == "runbook":
            from textual.widgets import Markdown

            return Markdown(self._runbook(), id="runbook-body")
        return Static(self._content(tab), id=f"{tab}-body")

    def _events(self) -> list[TimelineEvent]:
        return self.report.timeline if self.report is not None else []

    def _content(self, tab: str) -> RenderableType:
        finding = self.finding
        if finding is None:
            empty = "No finding selected." if self.report is not None else WAITING
            return Text(empty, style="dim")
        if tab == "summary":
            return summary(finding, self.report)
        if tab == "evidence":
            return evidence(finding)
        return fix(finding)

    def _runbook(self) -> str:
        return runbook(self.finding) if self.finding is not None else ""

    def show(self, finding: Finding | None, report: Report | None, ev: Evidence | None) -> None:
        self.finding, self.report, self.evidence = finding, report, ev
        for tab in self.built:
            if tab == "timeline":
                view = self.query_one("#timeline-body", TimelineView)
                view.show(ev, self._events(), finding)
            elif tab == "runbook":
                from textual.widgets import Markdown

                self.query_one("#runbook-body", Markdown).update(self._runbook())
            else:
                self.query_one(f"#{tab}-body", Static).update(self._content(tab))
