"""Each code, run alone, renders the finding a reviewer approved (one snapshot per code).

Findings come from the seed examples and from the fixtures named after each code; every
check runs by itself (``select`` = that code), so a snapshot shows exactly what that check
says. Codes that need live queue state (Q001, Q002, H003, T003, T004) are covered by their
own tests over records instead.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config, find_config, load_config
from opsdoc.render.text import finding_lines

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "code"

# code -> the project (relative to the repository) whose first finding of that code is snapshotted
SOURCES = {
    "T001": "examples/seed-000-job-blocks-forever",
    "E001": "examples/seed-000-job-blocks-forever",
    "E002": "examples/seed-000-job-blocks-forever",
    "M001": "examples/seed-001-retired-model-silent-failure",
    "M004": "examples/seed-001-retired-model-silent-failure",
    "M005": "examples/seed-001-retired-model-silent-failure",
    "E003": "examples/seed-001-retired-model-silent-failure",
    "E004": "examples/seed-001-retired-model-silent-failure",
    "A004": "examples/seed-001-retired-model-silent-failure",
    "A003": "examples/seed-002-asyncio-watchdog-deadlock",
    "H001": "examples/seed-002-asyncio-watchdog-deadlock",
    "T002": "examples/seed-003-sync-handler-timeout",
    "E005": "examples/seed-003-sync-handler-timeout",
    "A001": "examples/seed-004-async-service-starved",
    "L001": "examples/seed-004-async-service-starved",
    "T005": "examples/seed-004-async-service-starved",
    "A002": "tests/fixtures/code/A002_fire_and_forget",
    "M003": "tests/fixtures/models/invented_ids",
    "M002": "tests/fixtures/models/deprecated_sonnet",
}


def as_of_for(project: Path) -> datetime:
    readme = project / "README.md"
    if readme.exists() and (m := re.search(r"--as-of[ =](\S+)", readme.read_text())):
        return datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
    return datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("code", sorted(SOURCES))
def test_finding_renders_as_reviewed(code: str, snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    project = Path(SOURCES[code])
    found = find_config(project)
    config = load_config(found) if found else Config()
    config.select = [code]
    report = diagnose(Options(root=project, as_of=as_of_for(project), config=config))
    hits = [f for f in report.findings if f.code == code]
    assert hits, f"{code} found nothing in {project}"
    snapshot.snapshot_dir = ROOT / "tests" / "snapshots" / "findings"
    snapshot.assert_match("\n".join(finding_lines(hits[0])) + "\n", f"{code}.txt")
