"""The engine keeps going when sources or checks fail, and respects deadlines."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from opsdoc.engine import run
from opsdoc.evidence import Evidence, QueueStats, Ref
from opsdoc.findings import Hit, Severity
from opsdoc.plugin import check
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
REF = Ref("fake", "queue/default")


class StaticSource:
    def __init__(self, name: str, records=(), problems=(), timeout_s: float = 5.0):
        self.name, self.timeout_s = name, timeout_s
        self._records, self._problems = list(records), list(problems)

    def collect(self, ctx: SourceContext) -> SourceResult:
        return SourceResult(records=self._records, problems=self._problems, detail="static")


class CrashingSource:
    name, timeout_s = "crashy", 5.0

    def collect(self, ctx: SourceContext) -> SourceResult:
        raise ConnectionRefusedError("connection refused to 127.0.0.1:1")


class HangingSource:
    name = "hangs"

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.release = threading.Event()

    def collect(self, ctx: SourceContext) -> SourceResult:
        self.release.wait(60)
        return SourceResult()


@check("Z901", "Deep queue", needs={QueueStats}, severity=Severity.WARNING)
def deep_queue(ev: Evidence) -> Iterator[Hit]:
    """Test check."""
    for q in ev.of(QueueStats):
        if q.depth > 10:
            yield Hit(subject=q.queue, summary=f"{q.depth} waiting")


@check("Z902", "Crashes", needs={QueueStats})
def crashes(ev: Evidence) -> Iterator[Hit]:
    """Test check."""
    raise KeyError("depth")


@check("Z903", "Hangs", needs={QueueStats})
def hangs(ev: Evidence) -> Iterator[Hit]:
    """Test check."""
    time.sleep(30)
    yield Hit(subject="never", summary="never")


@check("Z904", "Needs what is absent", needs={QueueStats, Ref})  # type: ignore[arg-type]
def never_runs(ev: Evidence) -> Iterator[Hit]:
    """Test check."""
    yield Hit(subject="x", summary="should not run")


def spec(fn):
    return fn.__opsdoc_check__


def queue(depth: int) -> QueueStats:
    return QueueStats(ref=REF, queue="default", backend="rq", depth=depth)


def test_findings_are_stamped_with_the_checks_identity() -> None:
    result = run(
        [StaticSource("s", [queue(50)])], [spec(deep_queue)], as_of=AS_OF, root=".", timeout_s=5
    )
    [finding] = result.findings
    assert (finding.code, finding.title, finding.severity, finding.runbook) == (
        "Z901",
        "Deep queue",
        Severity.WARNING,
        "Z901",
    )
    assert finding.subject == "default"


def test_a_crashing_source_becomes_x001_and_others_still_report() -> None:
    sources = [StaticSource("s", [queue(50)]), CrashingSource()]
    result = run(sources, [spec(deep_queue)], as_of=AS_OF, root=".", timeout_s=5)
    codes = sorted(f.code for f in result.findings)
    assert codes == ["X001", "Z901"]
    x = next(f for f in result.findings if f.code == "X001")
    assert "crashy" in x.summary and "connection refused" in x.summary
    assert {s.name: s.status for s in result.statuses} == {"s": "ok", "crashy": "failed"}


def test_input_problems_become_x001_naming_the_input() -> None:
    src = StaticSource(
        "exports", [queue(1)], [InputProblem("exports/logs.json", "truncated after entry 3")]
    )
    result = run([src], [], as_of=AS_OF, root=".", timeout_s=5)
    [x] = result.findings
    assert x.code == "X001" and x.subject == "exports/logs.json"
    assert "truncated after entry 3" in x.summary


def test_a_hung_source_is_abandoned_at_its_own_timeout() -> None:
    hung = HangingSource(timeout_s=0.5)
    t0 = time.monotonic()
    result = run(
        [hung, StaticSource("s", [queue(50)])],
        [spec(deep_queue)],
        as_of=AS_OF,
        root=".",
        timeout_s=10,
    )
    elapsed = time.monotonic() - t0
    hung.release.set()
    assert elapsed < 3
    assert sorted(f.code for f in result.findings) == ["X001", "Z901"]
    assert next(s for s in result.statuses if s.name == "hangs").status == "failed"


def test_the_overall_timeout_bounds_the_run() -> None:
    hung = HangingSource(timeout_s=30)
    t0 = time.monotonic()
    result = run([hung], [], as_of=AS_OF, root=".", timeout_s=1.0)
    hung.release.set()
    assert time.monotonic() - t0 < 2.0
    assert [f.code for f in result.findings] == ["X001"]


def test_crashing_and_hanging_checks_become_x002_and_the_rest_go_on() -> None:
    specs = [spec(deep_queue), spec(crashes), spec(hangs)]
    t0 = time.monotonic()
    result = run(
        [StaticSource("s", [queue(50)])],
        specs,
        as_of=AS_OF,
        root=".",
        timeout_s=10,
        check_deadline_s=0.5,
    )
    assert time.monotonic() - t0 < 3
    by_code = sorted((f.code, f.subject) for f in result.findings)
    assert by_code == [("X002", "check Z902"), ("X002", "check Z903"), ("Z901", "default")]
    crash = next(f for f in result.findings if f.subject == "check Z902")
    assert "KeyError" in crash.summary


def test_checks_run_only_when_their_evidence_is_present() -> None:
    result = run(
        [StaticSource("s", [queue(50)])],
        [spec(never_runs), spec(deep_queue)],
        as_of=AS_OF,
        root=".",
        timeout_s=5,
    )
    assert result.checks_run == ["Z901"]


def test_sources_run_concurrently() -> None:
    class Slow(StaticSource):
        def collect(self, ctx):
            time.sleep(0.5)
            return super().collect(ctx)

    t0 = time.monotonic()
    run([Slow(f"s{i}", [queue(1)]) for i in range(4)], [], as_of=AS_OF, root=".", timeout_s=5)
    assert time.monotonic() - t0 < 1.5
