"""Each seed incident, reproduced as code + gcloud-shaped exports, is diagnosed root cause first.

The examples under ``examples/`` are the fixtures: what a new user runs is what
the tests check.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import find_config, load_config
from opsdoc.report import Report

EXAMPLES = Path(__file__).parent.parent / "examples"
AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def run_example(name: str, **overrides: object) -> Report:
    root = EXAMPLES / name
    config = load_config(find_config(root))
    for key, value in overrides.items():
        setattr(config, key, value)
    return diagnose(Options(root=root, as_of=AS_OF, config=config))


def test_seed_000_job_worker_blocks_forever() -> None:
    report = run_example("seed-000-job-blocks-forever")
    first = report.findings[0]
    assert first.code == "T001"
    assert first.subject == "app/workers/content_worker.py:65"
    assert first.root_cause
    assert first.explains == ("E002:jobs/dev-vividly-content-worker",)
    second = report.findings[1]
    assert (second.code, second.subject) == ("E002", "jobs/dev-vividly-content-worker")
    # The older crash loop is reported too, grouped with its first error.
    e001 = [f for f in report.findings if f.code == "E001"]
    assert len(e001) == 1 and "4 executions" in e001[0].summary
    assert "InvalidRequestError" in e001[0].summary
    assert not [f for f in report.findings if f.code.startswith("X")]
    assert report.exit_code == 1


def test_seed_003_sync_handler_outlives_timeouts() -> None:
    report = run_example("seed-003-sync-handler-timeout")
    first = report.findings[0]
    assert first.code == "T002"
    assert first.subject.startswith("backend/api/routers/tasks.py:")
    assert "create_podcast_episode" in first.summary
    assert first.explains == ("E005:services/podcast-api",)
    assert report.findings[1].code == "E005"
    assert not [f for f in report.findings if f.code.startswith("X")]


@pytest.mark.parametrize("name", ["seed-000-job-blocks-forever", "seed-003-sync-handler-timeout"])
def test_without_code_the_symptoms_are_still_reported(name: str) -> None:
    """Exports alone (no PATH code) still give the platform-side findings."""
    root = EXAMPLES / name
    config = load_config(find_config(root))
    report = diagnose(Options(root=root, as_of=AS_OF, config=config, scan_code=False))
    codes = {f.code for f in report.findings}
    assert codes & {"E002", "E005", "T002"}
    assert "T001" not in codes  # T001 needs the code that blocks


def test_json_report_shape_for_a_seed() -> None:
    from opsdoc.render import Format, render

    report = run_example("seed-000-job-blocks-forever")
    data = json.loads(render(report, Format.JSON))
    assert data["schema"] == 1 and data["exit_code"] == 1
    assert data["findings"][0]["id"] == "T001:app/workers/content_worker.py:65"
    assert data["findings"][0]["explains"] == ["E002:jobs/dev-vividly-content-worker"]
    assert {s["name"] for s in data["sources"]} == {"code", "exports"}


def test_seed_001_retired_model_behind_a_silent_failure() -> None:
    """Worker output captured from a real rq worker against an API answering 404."""
    report = run_example("seed-001-retired-model-silent-failure")
    first = report.findings[0]
    assert first.code == "M001"
    assert first.subject == "app/services/ai_service.py:18"
    assert "E003:jobs/app.tasks.ai_ingestion_worker.analyze_script_full" in first.explains
    assert "M004:claude-3-5-haiku-20241022" in first.explains
    codes = [f.code for f in report.findings]
    # The import mismatch of the other job is its own root cause, not lost in the noise.
    assert "E004" in codes and "M005" in codes
    # A retired ID with no 404 in these logs does not claim the silent failure.
    sonnet = next(f for f in report.findings if f.subject == "app/routers/ai_router.py:14")
    assert sonnet.code == "M001" and not any(e.startswith("E003") for e in sonnet.explains)
    assert not [f for f in report.findings if f.code.startswith("X")]


def test_seed_004_async_service_starved_and_logs_missing() -> None:
    report = run_example("seed-004-async-service-starved")
    first = report.findings[0]
    assert first.code == "A001" and first.subject.startswith("backend/agents/")
    codes = {f.code for f in report.findings}
    assert {"A001", "T005", "L001"} <= codes
    # The task is kept in a set with add_done_callback(set.discard): the recommended pattern.
    assert "A002" not in codes
    # The slow status endpoint does no work itself: reported, but not as a cause.
    t002 = [f for f in report.findings if f.code == "T002"]
    assert t002 and not t002[0].root_cause and "does no long work itself" in t002[0].summary
