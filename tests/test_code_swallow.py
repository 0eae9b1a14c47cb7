"""A004: a failed lookup that falls through to the real work is not a swallowed failure."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

REPORTS = Path(__file__).parent / "fixtures" / "code" / "A004_report_cache_fallback"


def swallowed(body: str) -> list[int]:
    source = "from rq import Queue\nimport logging\nlog = logging.getLogger()\n"
    source += textwrap.dedent(body) + "\nQueue().enqueue(job)\n"
    sites = scan_python(source, "app/jobs.py")
    return [s.line for s in sites if s.kind == "swallowed-exception"]


def test_report_jobs() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(REPORTS), deadline_s=30)
    result = CodeSource(str(REPORTS)).collect(ctx)
    # build_report and refresh_rates fall back to the work; fetch_invoices (reached from
    # sync_invoices) returns what it found or nothing; sync_invoices hides its failure
    assert [
        (s.where, s.function, s.attr("entry"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ] == [("reports/jobs.py:42", "sync_invoices", "reports.jobs.sync_invoices")]


def test_lookup_then_nothing_or_other_work_in_the_try_is_still_swallowing() -> None:
    assert swallowed(
        """
        def job(key, cache, api):
            try:
                cached = cache.get(key)
                api.post(cached)
            except Exception:
                log.warning("failed")
            api.audit(key)
        """
    ) == [9]
    assert swallowed(
        """
        def job(key, cache):
            try:
                value = cache.get(key)
            except Exception:
                log.warning("cache down")
        """
    ) == [8]


def test_memoised_lookup_with_a_walrus_falls_back() -> None:
    assert (
        swallowed(
            """
            def job(key, memo, compute):
                try:
                    if (found := memo.lookup(key)) is not None:
                        return found
                except Exception:
                    log.warning("memo failed")
                return compute(key)
            """
        )
        == []
    )
