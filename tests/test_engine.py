"""The engine keeps going when sources or checks fail, and respects deadlines."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

from opsdoc.engine import run
from opsdoc.evidence import Evidence, QueueStats, Ref
from opsdoc.findings import Hit, Severity
from opsdoc.plugin import check
from opsdoc.sources.base import InputProblem, SourceContext, SourceResult

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
REF = Ref("fake", "queue/default")
HANG_GUARD_S = 60.0
"""A ceiling that only keeps a broken engine from hanging the suite: what the tests
assert is order and outcome (the run returned while a source or check was still
held), never speed. `benchmarks/concurrency.py` and `benchmarks/hostile.py` measure
how long runs take."""


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
    """A source stuck in a call until the test lets it go."""

    name = "hangs"

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.release = threading.Event()
        self.returned = threading.Event()

    def collect(self, ctx: SourceContext) -> SourceResult:
        self.release.wait(HANG_GUARD_S)
        self.returned.set()
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


CHECK_HELD = threading.Event()
"""Set by the test once the run has returned: until then check Z903 is stuck."""
CHECK_RETURNED = threading.Event()


@check("Z903", "Hangs", needs={QueueStats})
def hangs(ev: Evidence) -> Iterator[Hit]:
    """Test check."""
    CHECK_HELD.wait(HANG_GUARD_S)
    CHECK_RETURNED.set()
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
    """The run goes on without a source past its own deadline while the run's is far away."""
    hung = HangingSource(timeout_s=0.5)
    try:
        result = run(
            [hung, StaticSource("s", [queue(50)])],
            [spec(deep_queue)],
            as_of=AS_OF,
            root=".",
            timeout_s=600,
        )
        # Returned while the source is still held, and long before the run's deadline:
        # only the source's own 0.5 s can have ended the wait.
        assert not hung.returned.is_set()
        assert result.seconds < HANG_GUARD_S
    finally:
        hung.release.set()
    assert sorted(f.code for f in result.findings) == ["X001", "Z901"]
    x = next(f for f in result.findings if f.code == "X001")
    assert x.summary == "source hangs timed out: no answer within 0.5 s"
    status = next(s for s in result.statuses if s.name == "hangs")
    assert status.status == "failed" and status.seconds >= 0.5


def test_the_overall_timeout_bounds_the_run() -> None:
    """A source whose own deadline is minutes away is abandoned at the run's timeout."""
    hung = HangingSource(timeout_s=600)
    try:
        result = run([hung], [], as_of=AS_OF, root=".", timeout_s=1.0)
        assert not hung.returned.is_set()  # the run did not wait for the source
        assert result.seconds < HANG_GUARD_S
    finally:
        hung.release.set()
    [x] = result.findings
    assert x.code == "X001"
    assert x.summary.startswith("source hangs timed out: the run's --timeout was reached after")
    assert [(s.name, s.status) for s in result.statuses] == [("hangs", "failed")]


def test_crashing_and_hanging_checks_become_x002_and_the_rest_go_on() -> None:
    specs = [spec(deep_queue), spec(crashes), spec(hangs)]
    CHECK_HELD.clear()
    CHECK_RETURNED.clear()
    try:
        result = run(
            [StaticSource("s", [queue(50)])],
            specs,
            as_of=AS_OF,
            root=".",
            timeout_s=600,
            check_deadline_s=0.5,
        )
        assert not CHECK_RETURNED.is_set()  # Z903 was still stuck when the run returned
        assert result.seconds < HANG_GUARD_S
    finally:
        CHECK_HELD.set()
    by_code = sorted((f.code, f.subject) for f in result.findings)
    assert by_code == [("X002", "check Z902"), ("X002", "check Z903"), ("Z901", "default")]
    crash = next(f for f in result.findings if f.subject == "check Z902")
    assert "KeyError" in crash.summary
    hung = next(f for f in result.findings if f.subject == "check Z903")
    assert hung.summary == "check Z903 did not finish within its deadline"
    assert hung.evidence[0].quote == "abandoned: no answer within 0.5 s"


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
    """Four sources that each wait for the other three can only finish side by side.

    Run one after another, the first would wait at the barrier until it breaks and
    fail; how long the run takes is `benchmarks/concurrency.py`'s business.
    """
    meeting = threading.Barrier(4)

    class Meets(StaticSource):
        def collect(self, ctx: SourceContext) -> SourceResult:
            meeting.wait(HANG_GUARD_S)
            return super().collect(ctx)

    sources = [Meets(f"s{i}", [queue(1)], timeout_s=600) for i in range(4)]
    result = run(sources, [], as_of=AS_OF, root=".", timeout_s=600)
    assert [(s.name, s.status) for s in result.statuses] == [(f"s{i}", "ok") for i in range(4)]
    assert result.findings == []
