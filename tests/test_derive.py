"""Model IDs derived from 404 log lines, whatever the ID looks like."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdoc.derive import derive
from opsdoc.evidence import Evidence, LogRecord, ModelRef, Ref

AS_OF = datetime(2026, 11, 21, tzinfo=UTC)


def _404(model: str) -> str:
    return (
        "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': "
        f"{{'type': 'not_found_error', 'message': 'model: {model}'}}, 'request_id': 'req_011abc'}}"
    )


def _derived(message: str) -> list[str]:
    ev = Evidence(AS_OF)
    ev.add([LogRecord(Ref("exports", "worker.log:5"), AS_OF, "ERROR", message)])
    return [r.model_id for r in derive(ev) if isinstance(r, ModelRef)]


@pytest.mark.parametrize("model", ["sonnet-4.5", "claude-sonet-4-5", "my-summariser"])
def test_a_404_names_the_model_as_the_request_spelled_it(model: str) -> None:
    assert _derived(_404(model)) == [model]


def test_a_model_named_in_a_line_that_is_no_404_is_not_derived() -> None:
    assert _derived("using model: sonnet-4.5 for summaries") == []
    assert _derived("GET /models 404 Not Found") == []
