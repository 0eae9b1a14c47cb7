"""The pre-filter and slicing only save time: switched off, every tree gives the same findings.

A file the pre-filter skips is never parsed, so a fact shape it has no trigger for is
silently lost (once, a job blocked forever in a file that was never read). Each tree
is diagnosed twice, with its own exports and config: as shipped, and parsing every
Python file whole. Findings and facts must be the same.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.commands.diagnose import Options, build_sources, diagnose
from opsdoc.config import Config, find_config, load_config
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TREES = sorted(
    [p for group in ("code", "rq_apps") for p in (FIXTURES / group).iterdir() if p.is_dir()]
    + [p for p in (ROOT / "examples").iterdir() if p.is_dir()]
)


def as_of_for(project: Path) -> datetime:
    readme = project / "README.md"
    if readme.exists() and (m := re.search(r"--as-of[ =](\S+)", readme.read_text())):
        return datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
    return datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def findings(root: Path, fast: bool) -> list[tuple[str, str, str, str, bool]]:
    found = find_config(root)
    config = load_config(found) if found else Config()
    options = Options(root=root, as_of=as_of_for(root), config=config, offline=True)
    sources = [
        CodeSource(str(root), timeout_s=120, reduce=fast, prefilter=fast) if s.name == "code" else s
        for s in build_sources(options)
    ]
    report = diagnose(options, sources)
    return [(f.code, f.subject, f.severity.value, f.summary, f.root_cause) for f in report.findings]


@pytest.mark.parametrize("root", TREES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_tree_gives_the_same_findings_with_prefilter_and_slicing_off(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    rel = root.relative_to(ROOT)
    assert findings(rel, fast=True) == findings(rel, fast=False)


@pytest.mark.parametrize("root", TREES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_tree_gives_the_same_facts_with_prefilter_off(root: Path) -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=120)
    fast = CodeSource(str(root), timeout_s=120).collect(ctx)
    slow = CodeSource(str(root), timeout_s=120, reduce=False, prefilter=False).collect(ctx)
    assert fast.records == slow.records
    assert fast.problems == slow.problems
