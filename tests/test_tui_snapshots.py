"""Reviewed screenshots of the TUI on the seed examples, at 80x24 and 120x40.

Timings come from a fixed clock and the spinner is off, so a screenshot only
changes when what the reader sees changes. Textual is pinned exactly: SVGs
differ between releases. Update with ``--snapshot-update`` after reading the diff.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from opsdoc.commands.diagnose import Options
from opsdoc.config import find_config, load_config
from opsdoc.tui.app import OpsdocApp
from opsdoc.tui.pipeline import Target

EXAMPLES = Path(__file__).parent.parent / "examples"
AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.fixture
def snapshot(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Syrupy's fixture, which `snap_compare` builds on.

    pytest-snapshot (used by other tests) also defines ``snapshot`` and wins
    by default; this module-level fixture restores syrupy's for these tests.
    """
    from syrupy.assertion import SnapshotAssertion
    from syrupy.extensions.amber import AmberSnapshotExtension
    from syrupy.location import PyTestLocation

    return SnapshotAssertion(
        update_snapshots=request.config.option.update_snapshots,
        extension_class=AmberSnapshotExtension,
        test_location=PyTestLocation(request.node),
        session=request.config._syrupy,  # type: ignore[attr-defined]
    )


def app_for(name: str) -> OpsdocApp:
    root = EXAMPLES / name
    opts = Options(root=root, as_of=AS_OF, config=load_config(find_config(root)))
    return OpsdocApp([Target(name, opts)], clock=lambda: 0.0, spinner=False)


def after_report(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, OpsdocApp)
        deadline = time.monotonic() + 120  # a hang guard, not a measure of speed
        while app.report is None:
            assert time.monotonic() < deadline
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause(0.2)

    return run_before


@pytest.mark.parametrize(
    ("name", "size", "keys"),
    [
        ("seed-000-job-blocks-forever", (80, 24), ()),
        ("seed-000-job-blocks-forever", (120, 40), ("3",)),
        ("seed-003-sync-handler-timeout", (120, 40), ()),
        ("seed-001-retired-model-silent-failure", (120, 40), ("4",)),
        ("seed-003-sync-handler-timeout", (80, 24), ("question_mark",)),
    ],
    ids=["000-80x24", "000-timeline-120x40", "003-120x40", "001-fix-120x40", "help-80x24"],
)
def test_snapshot(snap_compare, name: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(name), terminal_size=size, run_before=after_report(*keys))
