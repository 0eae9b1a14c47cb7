"""The code scan keeps per-module summaries, not trees: the facts must not change.

The reference is the scan as it was before: every parsed tree kept to the end and every
module handed to every cross-module pass (`_Scan.keep_trees`). The scan as shipped keeps
a few trees and parses again, one at a time, only the modules a pass can use.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from opsdoc.sources.base import SourceResult
from opsdoc.sources.code import _Scan

FIXTURES = Path(__file__).parent / "fixtures"
SHOP = FIXTURES / "scan_summaries" / "shop"
EXAMPLES = Path(__file__).parents[1] / "examples"
TREES = sorted(
    [p for group in ("code", "rq_apps") for p in (FIXTURES / group).iterdir() if p.is_dir()]
    + [p for p in EXAMPLES.iterdir() if p.is_dir()]
)
LIBRARIES = ("rq", "anthropic", "textual")


def scan(root: Path, *, keep: bool = False, trees: int | None = None) -> tuple[_Scan, SourceResult]:
    s = _Scan(str(root), 300)
    s.keep_trees = keep
    if trees is not None:
        s.trees_kept = s.imported_kept = trees
    return s, s.run()


def assert_same_facts(root: Path, trees: int | None = None) -> SourceResult:
    _, reference = scan(root, keep=True)
    summarized, result = scan(root, trees=trees)
    assert result.records == reference.records
    assert result.problems == reference.problems
    assert result.skipped == reference.skipped
    assert result.detail == reference.detail
    assert len(summarized.trees) <= summarized.trees_kept
    assert len(summarized.imported) <= summarized.imported_kept
    return result


def test_cross_module_facts_are_those_of_the_scan_that_kept_every_tree() -> None:
    """One tree kept at a time: every pass parses again what it needs, and finds what the
    scan that kept them all found."""
    result = assert_same_facts(SHOP, trees=1)
    facts = {(r.kind, r.path, r.line): dict(r.attrs) for r in result.records if hasattr(r, "kind")}
    handlers = {
        (path, a["route"]) for (kind, path, _), a in facts.items() if kind == "http-handler"
    }
    assert ("shop/routes/orders.py", "/api/orders") in handlers  # prefix from shop/main.py
    assert ("site/reports/views.py", "/reports/daily/") in handlers  # views.py has no trigger
    blocking = facts[("blocking-in-async", "shop/routes/orders.py", 19)]
    assert blocking["call"].endswith("messages.create")  # the client is made in shop/llm.py
    enqueued = {a["func"]: a["defined"] for (kind, _, _), a in facts.items() if kind == "enqueue"}
    assert enqueued == {"shop.jobs.charge": "true", "shop.jobs.refund": "false"}
    swallowed = {
        (path, a["entry"]) for (kind, path, _), a in facts.items() if kind == "swallowed-exception"
    }
    assert ("shop/jobs.py", "shop.jobs.charge") in swallowed  # enqueued from another module
    assert ("shop/payments.py", "shop.tasks.nightly") in swallowed  # a task, then imported
    assert any(k == "background-work" for k, _, _ in facts)
    assert any(
        k == "logging-config" and a.get("kind") == "unconfigured" for (k, _, _), a in facts.items()
    )


@pytest.mark.parametrize("trees", [1, 2, 5])
def test_any_number_of_kept_trees_gives_the_same_facts(trees: int) -> None:
    assert_same_facts(SHOP, trees=trees)


@pytest.mark.parametrize("root", TREES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_gives_the_same_facts(root: Path) -> None:
    assert_same_facts(root, trees=1)


@pytest.mark.parametrize("name", LIBRARIES)
def test_installed_libraries_give_the_same_facts(name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    assert_same_facts(Path(spec.origin).parent)


def test_trees_are_dropped_after_their_module_is_read() -> None:
    s, _ = scan(SHOP, trees=2)
    parsed = [m for m in s.parsed.values() if m is not None]
    assert len(parsed) > 2
    assert len(s.trees) <= 2
    assert all(not hasattr(m, "tree") for m in parsed)
