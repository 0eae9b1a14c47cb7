"""Controls for the codes the engine and the smoke command emit themselves (S, X).

Their check functions exist so the codes are documented, listed and have runbooks;
run as checks they must find nothing, whatever the evidence.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdoc.checks import internal, smoke
from opsdoc.evidence import Evidence, LogRecord, Ref

CHECKS = [
    smoke.canary_not_processed,
    smoke.worker_missed_deadline,
    internal.source_unreadable,
    internal.check_failed,
]


@pytest.mark.parametrize("func", CHECKS, ids=lambda f: f.__opsdoc_check__.code)
def test_engine_emitted_codes_find_nothing_as_checks(func: object) -> None:
    spec = func.__opsdoc_check__  # type: ignore[attr-defined]
    assert spec.engine_emitted
    ev = Evidence(as_of=datetime(2026, 1, 1, tzinfo=UTC))
    ev.add(
        [LogRecord(Ref("exports", "x.json#0"), None, "ERROR", "Traceback (most recent call last)")]
    )
    assert list(spec.func(ev)) == []
