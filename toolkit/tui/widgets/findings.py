"""The findings tree: root causes first, the symptoms they explain under them.

Grouping comes from the renderers' shared `group`, so the tree tells the same
story as the terminal report and the Markdown ticket. Severity is a symbol and
a word as well as a colour: the tree reads on a monochrome terminal.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from opsdoc.findings import Finding, Severity
from opsdoc.render._common import PART_TITLES, group, label, sanitized
from opsdoc.report import Report

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.ERROR: "red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}


def matches(finding: Finding, needle: str, minimum: Severity) -> bool:
    """Filter: at or above ``minimum`` and ``needle`` in code, title, subject or summary."""
    if not finding.severity.at_least(minimum):
        return False
    if not needle:
        return True
    hay = f"{finding.code} {finding.title} {finding.subject} {finding.summary}".lower()
    return needle.lower() in hay


def finding_label(finding: Finding) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{label(finding.severity):<10}", style=SEVERITY_STYLE[finding.severity])
    text.append(f" {finding.code} ", style="bold")
    text.append(finding.title)
    text.append(f" — {finding.subject}", style="dim")
    return text


def _heading(title: str, count: int, style: str = "bold") -> Text:
    return Text.assemble((title, style), (f" ({count})", "dim"))


def code_label(finding: Finding) -> Text:
    """A row under its code's heading: the code is said once above, so where comes first."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{label(finding.severity):<10}", style=SEVERITY_STYLE[finding.severity])
    text.append(f" {finding.subject}")
    first = finding.summary.splitlines()[0] if finding.summary else ""
    if first:
        text.append(f" — {first}", style="dim")
    return text


class FindingsTree(Tree[Finding | None]):
    """Rebuilt from a report (or the unranked findings so far) whenever either changes."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("findings", id=id)
        self.show_root = False
        self.guide_depth = 2
        # Enter selects (the app shows the detail); it must not fold a cause's symptoms away.
        self.auto_expand = False
        self.by_code = False
        """Group by code with counts (key b) instead of by root cause and severity."""
        self.shown: list[Finding] = []
        self._report: Report | None = None
        self._safe: Report | None = None
        """`sanitized` of ``_report``: redacting thousands of findings again on every
        key typed into the filter would make the filter lag."""

    def _sanitized(self, report: Report) -> Report:
        if report is not self._report or self._safe is None:
            self._report, self._safe = report, sanitized(report)
        return self._safe

    def show_report(self, report: Report, needle: str = "", minimum: Severity = Severity.INFO):
        """Draw the ranked report, filtered; keep the cursor on the same finding if still shown."""
        safe = self._sanitized(report)
        pairs = zip(report.findings, safe.findings, strict=True)
        kept = [clean for f, clean in pairs if matches(f, needle, minimum)]
        groups = group(replace(safe, findings=kept))
        current = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self.shown = []
        if self.by_code:
            self._by_code(groups.roots, groups.others, groups.internal)
        for part in groups.parts if not self.by_code else ():
            if not part:
                continue
            count = len(part.roots) + len(part.others)
            head = self.root.add(_heading(PART_TITLES[part.name], count), expand=True)
            for cause, symptoms in part.roots:
                node = self._leaf(head, cause, expand=True, allow=bool(symptoms))
                for s in symptoms:
                    self._leaf(node, s)
                for s in groups.also.get(cause.id, []):
                    node.add_leaf(Text(f"also explains {s.id} (shown above)", style="dim"))
            for sev in Severity:
                of_sev = [f for f in part.others if f.severity is sev]
                if of_sev:
                    sub = head.add(
                        _heading(label(sev), len(of_sev), SEVERITY_STYLE[sev]), expand=True
                    )
                    for f in of_sev:
                        self._leaf(sub, f)
        if groups.internal and not self.by_code:
            head = self.root.add(_heading("What opsdoc could not read", len(groups.internal)))
            head.expand()
            for f in groups.internal:
                self._leaf(head, f)
        if groups.suppressed:
            head = self.root.add(_heading("Suppressed", len(groups.suppressed), "dim"))
            for f in groups.suppressed:
                self._leaf(head, f)
        if not self.shown:
            what = (
                "No findings match the filter" if len(kept) < len(safe.findings) else "No findings"
            )
            self.root.add_leaf(Text(what, style="dim"))
        self._restore(current)

    def _by_code(
        self,
        roots: list[tuple[Finding, list[Finding]]],
        others: list[Finding],
        internal: list[Finding],
    ) -> None:
        """One heading per code, most findings first, each row led by its file:line."""
        ranked = [f for cause, symptoms in roots for f in (cause, *symptoms)] + others + internal
        codes: dict[str, list[Finding]] = {}
        for f in ranked:
            codes.setdefault(f.code, []).append(f)
        for code, items in sorted(codes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            worst = min(items, key=lambda f: f.severity.rank).severity
            head = self.root.add(
                _heading(f"{code} {items[0].title}", len(items), SEVERITY_STYLE[worst]),
                expand=True,
            )
            for f in items:
                self.shown.append(f)
                head.add(code_label(f), data=f, allow_expand=False)

    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0)

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.last_line)

    def show_partial(self, findings: list[Finding]) -> None:
        """Findings of the checks finished so far, worst first, before the report ranks them."""
        self.clear()
        self.shown = []
        head = self.root.add(_heading("Findings so far (not ranked yet)", len(findings)))
        head.expand()
        for f in sorted(findings, key=lambda f: (f.severity.rank, f.code, f.subject)):
            self._leaf(head, f)

    def _leaf(
        self,
        parent: TreeNode[Finding | None],
        f: Finding,
        expand: bool = False,
        allow: bool = False,
    ) -> TreeNode[Finding | None]:
        self.shown.append(f)
        return parent.add(finding_label(f), data=f, expand=expand, allow_expand=allow)

    def _restore(self, current: Finding | None) -> None:
        """Cursor back on the finding the reader was on, else on the first (the top root cause)."""
        target = None
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is None or node.data is None:
                continue
            if target is None or (current is not None and node.data.id == current.id):
                target = node
                if current is None or node.data.id == current.id:
                    break
        if target is not None:
            self.move_cursor(target)
