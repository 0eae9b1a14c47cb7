"""Reviewed snapshots of every output format on every seed example.

Deterministic: fixed ``as_of`` (or the seed's own, from its README), timings zeroed,
references relative to the repository root.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import find_config, load_config
from opsdoc.render import Format, render

ROOT = Path(__file__).parent.parent
SEEDS = sorted(p.name for p in (ROOT / "examples").glob("seed-*"))
EXTENSIONS = {
    Format.TEXT: "txt",
    Format.JSON: "json",
    Format.SARIF: "sarif",
    Format.JUNIT: "xml",
    Format.MARKDOWN: "md",
}


def seed_as_of(seed: Path) -> datetime:
    readme = seed / "README.md"
    if readme.exists():
        found = re.search(r"--as-of[ =](\S+)", readme.read_text())
        if found:
            return datetime.fromisoformat(found.group(1).replace("Z", "+00:00"))
    return datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_report_formats(seed: str, snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    root = Path("examples") / seed
    report = diagnose(
        Options(root=root, as_of=seed_as_of(root), config=load_config(find_config(root)))
    )
    report.seconds = 0.0
    report.sources = [replace(s, seconds=0.0) for s in report.sources]
    snapshot.snapshot_dir = ROOT / "tests" / "snapshots" / "seed_reports" / seed
    for fmt, ext in EXTENSIONS.items():
        snapshot.assert_match(render(report, fmt), f"report.{ext}")
