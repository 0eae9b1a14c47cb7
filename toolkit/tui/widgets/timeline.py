"""Pictures of the incident: execution bars, log error-rate sparkline, heartbeat gaps.

People line these up by hand during an incident (when did the job start
timing out? did errors start before or after the deploy? when did the worker
go quiet?); a picture answers faster than a list. Drawn from the evidence
records the report was built from, scaled to the widget's width on every
render, so resizing only redraws.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rich.text import Text
from textual.widget import Widget

from opsdoc.evidence import Evidence, Execution, LogRecord, WorkerBeat
from opsdoc.findings import Finding
from opsdoc.report import TimelineEvent

SPARK = "▁▂▃▄▅▆▇█"
LABEL = 16
OUTCOME_STYLE = {
    "succeeded": "green",
    "failed": "red",
    "timed out": "magenta",
    "running": "blue",
    "cancelled": "dim",
}


def outcome(ex: Execution) -> str:
    if ex.timed_out:
        return "timed out"
    if ex.status in OUTCOME_STYLE:
        return ex.status
    return "running" if ex.completion_time is None else ex.status or "unknown"


def short(at: datetime) -> str:
    """Month-day and time, UTC: the date matters across midnight, the year rarely does."""
    moment = at.astimezone(UTC) if at.tzinfo else at
    return moment.strftime("%m-%d %H:%M:%S")


def _span(times: Sequence[datetime]) -> tuple[datetime, datetime] | None:
    if not times:
        return None
    lo, hi = min(times), max(times)
    return lo, hi


def _col(at: datetime, lo: datetime, hi: datetime, width: int) -> int:
    total = (hi - lo).total_seconds() or 1.0
    return max(0, min(width - 1, int((at - lo).total_seconds() / total * (width - 1))))


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


def execution_bars(evidence: Evidence, width: int, as_of: datetime) -> Text:
    execs = [e for e in evidence.of(Execution) if e.start_time is not None]
    out = Text()
    if not execs:
        return out
    execs.sort(key=lambda e: (e.start_time or as_of, e.name))
    ends = [e.completion_time or as_of for e in execs]
    span = _span([e.start_time for e in execs if e.start_time] + ends)
    assert span is not None
    lo, hi = span
    bar_w = max(8, width - LABEL - 12)
    out.append(f"Executions  {short(lo)} → {short(hi)} UTC\n", style="bold")
    for ex, end in zip(execs[-12:], ends[-12:], strict=True):
        assert ex.start_time is not None
        a, b = _col(ex.start_time, lo, hi, bar_w), _col(end, lo, hi, bar_w)
        kind = outcome(ex)
        name = ex.name[-LABEL:]
        out.append(f"{name:<{LABEL}} ")
        out.append(" " * a)
        out.append("█" * max(1, b - a + 1), style=OUTCOME_STYLE.get(kind, "white"))
        out.append(" " * (bar_w - max(a + 1, b + 1)))
        out.append(f" {kind}\n", style=OUTCOME_STYLE.get(kind, "white"))
    legend = Text("legend: ", style="dim")
    for kind, style in OUTCOME_STYLE.items():
        legend.append("█", style=style)
        legend.append(f" {kind}  ", style="dim")
    out.append_text(legend)
    out.append("\n")
    return out


def error_sparkline(evidence: Evidence, width: int) -> Text:
    logs = [r for r in evidence.of(LogRecord) if r.timestamp is not None]
    out = Text()
    if not logs:
        return out
    span = _span([r.timestamp for r in logs if r.timestamp])
    assert span is not None
    lo, hi = span
    buckets = max(8, min(60, width - LABEL - 12))
    totals = [0] * buckets
    errors = [0] * buckets
    for rec in logs:
        assert rec.timestamp is not None
        i = _col(rec.timestamp, lo, hi, buckets)
        totals[i] += 1
        errors[i] += rec.is_error
    out.append(f"Log error rate  {short(lo)} → {short(hi)} UTC\n", style="bold")
    out.append(f"{'errors/lines':<{LABEL}} ")
    for n, e in zip(totals, errors, strict=True):
        if not n:
            out.append(" ")
            continue
        rate = e / n
        out.append(
            SPARK[min(len(SPARK) - 1, int(rate * len(SPARK)))], style="red" if e else "green"
        )
    out.append(f" {sum(errors)}/{sum(totals)}\n", style="dim")
    return out


def heartbeat_gaps(evidence: Evidence, width: int, as_of: datetime) -> Text:
    beats = [b for b in evidence.of(WorkerBeat) if b.at is not None]
    out = Text()
    if not beats:
        return out
    period = float(evidence.settings.get("heartbeat_period_s", 60.0))
    span = _span([b.at for b in beats if b.at] + [as_of])
    assert span is not None
    lo, hi = span
    bar_w = max(8, width - LABEL - 12)
    out.append(f"Heartbeats  silence until {short(as_of)} UTC\n", style="bold")
    for beat in sorted(beats, key=lambda b: (b.at or as_of, b.worker))[-8:]:
        assert beat.at is not None
        gap = (as_of - beat.at).total_seconds()
        late = gap > (beat.period_s or period) * 2
        a = _col(beat.at, lo, hi, bar_w)
        out.append(f"{beat.worker[-LABEL:]:<{LABEL}} ")
        out.append("━" * a, style="green")
        out.append("♥", style="green")
        out.append("░" * (bar_w - a - 1), style="bold red" if late else "dim")
        out.append(f" {_duration(gap)}\n", style="red" if late else "dim")
    return out


def event_lines(events: Sequence[TimelineEvent], finding: Finding | None, limit: int) -> Text:
    refs = {e.ref for e in finding.evidence} if finding is not None else set()
    out = Text()
    if not events:
        return out
    out.append("Events (▶ quoted by this finding)\n", style="bold")
    for ev in events[-limit:]:
        mark = "▶" if ev.ref in refs or any(r.startswith(ev.ref) for r in refs) else " "
        style = "red" if ev.severity in ("error", "critical") else ""
        out.append(f"{mark} {short(ev.at)} ", style="bold" if mark != " " else "dim")
        out.append(f"{ev.kind.replace('execution-', 'exec '):<10} ", style="dim")
        out.append(f"{ev.text}\n", style=style)
    return out


class TimelineView(Widget):
    """Redrawn at the current width on every render, so a resize just redraws."""

    DEFAULT_CSS = "TimelineView { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.evidence: Evidence | None = None
        self.events: list[TimelineEvent] = []
        self.finding: Finding | None = None

    def show(
        self, evidence: Evidence | None, events: list[TimelineEvent], finding: Finding | None
    ) -> None:
        self.evidence, self.events, self.finding = evidence, events, finding
        self.refresh(layout=True)

    def picture(self, width: int) -> Text:
        if self.evidence is None:
            return Text("Waiting for the diagnosis…", style="dim")
        as_of = self.evidence.as_of
        parts = [
            execution_bars(self.evidence, width, as_of),
            error_sparkline(self.evidence, width),
            heartbeat_gaps(self.evidence, width, as_of),
            event_lines(self.events, self.finding, 40),
        ]
        out = Text(no_wrap=True, overflow="ellipsis")
        for part in parts:
            if part.plain:
                out.append_text(part)
                out.append("\n")
        if not out.plain:
            return Text("No timestamped evidence (executions, logs, heartbeats).", style="dim")
        out.rstrip()
        return out

    def render(self) -> Text:
        return self.picture(max(20, self.size.width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.picture(max(20, width)).plain.splitlines()) or 1
