"""TUI responsiveness: first paint, a screen populated with 2,000 findings, key latency.

Targets (issue 7): first paint < 300 ms, populated < 1 s, key press < 50 ms
while a source is still loading. Runs headless (Textual's test driver), so
the figures measure our code and Textual, not a terminal emulator. The fresh
process figure adds the imports, as ``opsdoc tui`` pays them (no target).

    python benchmarks/tui.py
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.commands.diagnose import Options
from opsdoc.config import Config
from opsdoc.evidence import Evidence
from opsdoc.findings import Finding, Fix, Severity, SourceStatus, quote
from opsdoc.report import Report, rank, resolve_links
from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.tui.app import OpsdocApp
from opsdoc.tui.pipeline import Listener, Outcome, Target, diagnose_live
from opsdoc.tui.widgets.findings import FindingsTree

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
CODES = ["T001", "E001", "E002", "M001", "Q001", "H001", "A001", "L001"]


def generated_report(n: int = 2000) -> Report:
    """``n`` findings: every tenth a root cause explaining the nine after it."""
    findings = []
    for i in range(n):
        root = i % 10 == 0
        findings.append(
            Finding(
                code=CODES[i % len(CODES)],
                title=f"Generated finding number {i}",
                severity=list(Severity)[i % 4],
                subject=f"gen/module_{i}.py:{i + 1}",
                summary=f"Finding {i} of a generated report, for timing the TUI.",
                evidence=(quote("code", f"gen/module_{i}.py:{i + 1}", "x = block()"),),
                fix=Fix(text="do the thing", commands=(f"echo fix {i}",)),
                root_cause=root,
                explains=tuple(
                    f"{CODES[j % len(CODES)]}:gen/module_{j}.py:{j + 1}"
                    for j in range(i + 1, min(n, i + 10))
                )
                if root
                else (),
            )
        )
    return Report(
        as_of=AS_OF,
        findings=rank(resolve_links(findings)),
        sources=[SourceStatus("generated", "ok", n, 0.0)],
    )


def target() -> Target:
    return Target("benchmark", Options(root=Path("."), as_of=AS_OF, config=Config()))


async def first_paint(t0: float | None = None) -> float:
    """From creating the app (or from ``t0``) to its first screen drawn and settled."""
    gate = threading.Event()

    def slow(t: Target, listener: Listener) -> Outcome:
        gate.wait(5)
        return Outcome(generated_report(10), Evidence(as_of=AS_OF))

    start = time.perf_counter() if t0 is None else t0
    app = OpsdocApp([target()], runner=slow, spinner=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        took = time.perf_counter() - start
        gate.set()
    return took


FRESH = """
import time
t0 = time.perf_counter()
import asyncio, tui
from opsdoc.tui import freeze_startup_heap
freeze_startup_heap()  # as `opsdoc tui` does before opening the app
print(asyncio.run(tui.first_paint(t0)))
"""


def fresh_process() -> float:
    """Imports + first paint in a new interpreter: what typing ``opsdoc tui`` waits for."""
    done = subprocess.run(
        [sys.executable, "-c", FRESH],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return float(done.stdout.split()[-1])


async def populated(n: int = 2000) -> float:
    report = generated_report(n)

    def instant(t: Target, listener: Listener) -> Outcome:
        return Outcome(report, Evidence(as_of=AS_OF))

    app = OpsdocApp([target()], runner=instant, spinner=False)
    t0 = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(FindingsTree)
        while len(tree.shown) < n:
            await pilot.pause(0.01)
        await pilot.pause()
        return time.perf_counter() - t0


class Stuck:
    name = "stuck"
    timeout_s = 3.0

    def __init__(self) -> None:
        self.release = threading.Event()

    def collect(self, ctx: SourceContext) -> SourceResult:
        self.release.wait(10)
        return SourceResult()


async def key_latency(presses: int = 20) -> list[float]:
    """From the key press being sent to its action having run, while a source hangs."""
    stuck = Stuck()
    t = Target("benchmark", target().options, sources=lambda: [stuck])
    handled: list[float] = []

    class Timed(OpsdocApp):
        def action_severity(self) -> None:
            super().action_severity()
            handled.append(time.perf_counter())

    app = Timed([t], runner=lambda tt, lst: diagnose_live(tt, lst), spinner=True)
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        for _ in range(presses):
            t0 = time.perf_counter()
            await pilot.press("s")
            out.append(handled[-1] - t0)
            await pilot.pause(0.02)
        assert app.report is None, "the source should still be loading"
    stuck.release.set()
    return out


def main() -> None:
    fresh = fresh_process()
    print(f"new process, imports + paint:    {fresh * 1000:7.1f} ms  (no target)")
    cold = asyncio.run(first_paint())  # includes Textual's one-off start-up work in this process
    paint = asyncio.run(first_paint())
    print(f"first paint, cold process:       {cold * 1000:7.1f} ms")
    full = asyncio.run(populated())
    keys = asyncio.run(key_latency())
    print(f"first paint:                     {paint * 1000:7.1f} ms  (target < 300 ms)")
    print(f"populated, 2,000 findings:       {full * 1000:7.1f} ms  (target < 1000 ms)")
    print(
        f"key press while loading, median: {statistics.median(keys) * 1000:7.1f} ms, "
        f"max {max(keys) * 1000:.1f} ms  (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
