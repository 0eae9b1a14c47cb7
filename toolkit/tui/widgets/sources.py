"""The sources panel: which source is running, which failed and why.

A slow or dead source is the first thing to rule out during an incident, so
each one shows its state as it changes (spinner while running), its record
count and time, and the reason when it failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from opsdoc.findings import SourceStatus

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_MARK = {"pending": ("·", "dim"), "ok": ("✔", "green"), "skipped": ("-", "dim")}
_MARK |= {"failed": ("✖", "bold red"), "running": ("", "cyan")}


@dataclass
class SourceRow:
    name: str
    state: str = "pending"
    """pending, running, ok, skipped or failed."""
    records: int = 0
    seconds: float | None = None
    detail: str = ""


class SourcesPanel(Static):
    """One line per source, plus a line for the checks."""

    DEFAULT_CSS = "SourcesPanel { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.rows: dict[str, SourceRow] = {}
        self.frame = 0
        self.checks_done = 0
        self.phase = "idle"
        """idle, sources, checks or done."""

    def reset(self, names: list[str]) -> None:
        self.rows = {n: SourceRow(n) for n in names}
        self.checks_done = 0
        self.phase = "sources"
        self.redraw()

    def started(self, name: str) -> None:
        self.rows.setdefault(name, SourceRow(name)).state = "running"
        self.redraw()

    def finished(self, name: str, records: int, seconds: float, error: str) -> None:
        row = self.rows.setdefault(name, SourceRow(name))
        row.state = "failed" if error else "ok"
        row.records, row.seconds, row.detail = records, seconds, error
        self.redraw()

    def settle(self, statuses: list[SourceStatus]) -> None:
        """The engine's verdict wins; our own timing is kept where we measured one."""
        for st in statuses:
            row = self.rows.setdefault(st.name, SourceRow(st.name))
            row.state, row.records, row.detail = st.status, st.records, st.detail
            if row.seconds is None:
                row.seconds = st.seconds
        self.phase = "checks"
        self.redraw()

    def check_done(self) -> None:
        self.checks_done += 1
        self.redraw()

    def done(self) -> None:
        self.phase = "done"
        self.redraw()

    def tick(self) -> None:
        self.frame += 1
        if any(r.state == "running" for r in self.rows.values()):
            self.redraw()

    @property
    def busy(self) -> bool:
        return self.phase in ("sources", "checks")

    def redraw(self) -> None:
        self.update(self.render_rows())

    def render_rows(self) -> Text:
        out = Text()
        width = max((len(n) for n in self.rows), default=6)
        for row in self.rows.values():
            mark, style = _MARK[row.state]
            if row.state == "running":
                mark = SPINNER[self.frame % len(SPINNER)]
            out.append(f"{mark} ", style=style)
            out.append(f"{row.name:<{width}} ", style="bold")
            out.append(f"{row.state:<7}", style=style)
            if row.state in ("ok", "failed", "skipped"):
                out.append(f" {row.records:>5} rec")
            if row.seconds is not None and row.state != "running":
                out.append(f" {row.seconds:5.2f}s", style="dim")
            if row.detail:
                out.append(f"  {row.detail}", style="red" if row.state == "failed" else "dim")
            out.append("\n")
        phase = {
            "idle": "checks: waiting",
            "sources": "checks: waiting for sources",
            "checks": f"checks: running ({self.checks_done} done)",
            "done": f"checks: {self.checks_done} ran",
        }[self.phase]
        out.append(phase, style="dim")
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out
