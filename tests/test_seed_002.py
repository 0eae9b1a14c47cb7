"""Seed 002: an asyncio worker deadlocked behind a watchdog thread, diagnosed post-mortem."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.cli import main
from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import find_config, load_config
from opsdoc.plugin import load_registry
from opsdoc.report import Report

EXAMPLE = Path(__file__).parent.parent / "examples" / "seed-002-asyncio-watchdog-deadlock"
AS_OF = "2025-03-11T14:32:00Z"
"""The post-mortem time given in the example's README."""
HUNG = "H001:workers/draft-worker"


def run(as_of: str = AS_OF) -> Report:
    config = load_config(find_config(EXAMPLE))
    when = datetime.fromisoformat(as_of.replace("Z", "+00:00")).astimezone(UTC)
    return diagnose(Options(root=EXAMPLE, as_of=when, config=config))


def test_readme_names_the_reference_time() -> None:
    assert f"--as-of {AS_OF}" in (EXAMPLE / "README.md").read_text(encoding="utf-8")


def test_stale_status_with_a_live_pid_is_a_hang_not_a_death() -> None:
    report = run()
    by_id = {f.id: f for f in report.findings}
    assert HUNG in by_id
    hung = by_id[HUNG]
    assert "44 min old" in hung.summary and "pid 48213 kept logging" in hung.summary
    assert not [f for f in report.findings if f.code == "H002"]
    # The retry manager (another pid, still logging) is no evidence about the worker.
    assert all("retry_manager.log" not in e.ref for e in hung.evidence)
    assert not [f for f in report.findings if f.code.startswith("X")]


def test_root_cause_first_is_the_thread_to_loop_bridge() -> None:
    # A broken registration must fail here, not turn the root-cause test into a skip.
    assert "A003" in load_registry().specs
    first = run().findings[0]
    assert first.code == "A003" and first.root_cause
    assert first.subject.startswith("pipeline/draft_worker.py:")
    assert HUNG in first.explains


def test_before_the_heartbeat_is_overdue_nothing_is_reported() -> None:
    report = run("2025-03-11T13:49:30Z")
    assert not [f for f in report.findings if f.code.startswith("H")]


def test_cli_as_of_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    args = ["diagnose", str(EXAMPLE), "--as-of", AS_OF, "--format", "json", "-o", str(out)]
    assert main(args) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == AS_OF
    assert HUNG in [f["id"] for f in data["findings"]]
