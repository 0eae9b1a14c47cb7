"""TUI keys an on-call engineer reaches for: Enter/Esc round trip, j/k/g/G, grouping by
code, the smoke key only with a target, opening the file in $EDITOR."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import Tabs

from opsdoc.tui.pipeline import Target
from opsdoc.tui.widgets.findings import FindingsTree
from tests.test_tui import SEED_000, SEED_001, make_app, options, settled, sync


@sync
async def test_enter_keeps_the_symptoms_and_escape_brings_focus_back() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        tree = app.screen.query_one(FindingsTree)
        assert tree.cursor_node is not None and tree.cursor_node.data.code == "T001"
        await pilot.press("enter")
        assert isinstance(app.focused, Tabs)
        assert tree.cursor_node.is_expanded, "Enter folded the root cause's symptoms away"
        assert [f.code for f in tree.shown] == ["T001", "E002", "E001"]
        await pilot.press("escape")
        assert app.focused is tree


@sync
async def test_vim_keys_move_through_findings() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("j")
        assert app.selected is not None and app.selected.code == "E002"
        await pilot.press("k")
        assert app.selected.code == "T001"
        await pilot.press("G")
        assert app.selected.code == "E001"
        await pilot.press("g", "j")
        assert app.selected.code == "T001"


@sync
async def test_b_groups_by_code_with_counts_and_rows_lead_with_the_subject() -> None:
    app = make_app(Target(SEED_001, options(SEED_001)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("b")
        await pilot.pause()
        tree = app.screen.query_one(FindingsTree)
        headings = [str(node.label) for node in tree.root.children]
        counts = [int(h.rpartition("(")[2].rstrip(")")) for h in headings]
        assert counts == sorted(counts, reverse=True)
        first = tree.root.children[0]
        assert first.children
        for leaf in first.children:  # severity word (10 columns), then file:line or resource
            assert str(leaf.label)[10:].lstrip().startswith(leaf.data.subject)
        await pilot.press("b")
        await pilot.pause()
        assert str(tree.root.children[0].label).startswith("What the evidence shows")


@sync
async def test_smoke_key_only_with_a_smoke_target() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        keys = {b.key for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}
        assert "m" not in keys and "b" in keys
    command = (sys.executable, "-c", "print('ok')")
    app = make_app(Target(SEED_000, options(SEED_000), smoke_command=command))
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        keys = {b.key for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}
        assert "m" in keys


@sync
async def test_open_in_editor_needs_a_file_and_an_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("o")  # T001 is at app/workers/content_worker.py:65
        assert any("Set $EDITOR" in n.message for n in app._notifications)
        await pilot.press("j")  # E002 names a job, not a file
        await pilot.press("o")
        assert any("names no file" in n.message for n in app._notifications)
