"""The TUI, driven with Textual's pilot over the seed examples: what an on-call engineer does.

Every test runs the real engine on real example exports; only the clock that
times sources is fixed so what is drawn does not depend on the machine.
"""

from __future__ import annotations

import asyncio
import functools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from opsdoc.commands.diagnose import Options, build_sources, diagnose
from opsdoc.config import find_config, load_config
from opsdoc.findings import Severity
from opsdoc.render import Format, render
from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.tui import messages as msg
from opsdoc.tui.app import OpsdocApp
from opsdoc.tui.pipeline import Target, diagnose_live
from opsdoc.tui.screens.export import ExportScreen
from opsdoc.tui.screens.help import HelpScreen
from opsdoc.tui.screens.output import OutputScreen
from opsdoc.tui.widgets.detail import DetailPane
from opsdoc.tui.widgets.findings import FindingsTree
from opsdoc.tui.widgets.sources import SourcesPanel

EXAMPLES = Path(__file__).parent.parent / "examples"
AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
SEED_000 = "seed-000-job-blocks-forever"
SEED_001 = "seed-001-retired-model-silent-failure"


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test on a fresh event loop (no async test plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def options(name: str, **config: object) -> Options:
    root = EXAMPLES / name
    cfg = load_config(find_config(root))
    for key, value in config.items():
        setattr(cfg, key, value)
    return Options(root=root, as_of=AS_OF, config=cfg)


def make_app(*targets: Target) -> OpsdocApp:
    return OpsdocApp(
        targets or [Target(SEED_000, options(SEED_000))], clock=lambda: 0.0, spinner=False
    )


HANG_GUARD_S = 120.0
"""How long a test waits for something that should happen: a guard against a hang,
never a measure of speed (`benchmarks/tui.py` measures paint and key latency)."""


async def until(pilot: Pilot[int], done: Callable[[], object], what: str) -> None:
    """Let the app run until ``done()`` holds."""
    deadline = time.monotonic() + HANG_GUARD_S
    while not done():
        assert time.monotonic() < deadline, what
        await pilot.pause(0.05)


async def settled(pilot: Pilot[int], run: int = 1) -> OpsdocApp:
    """Wait until run number ``run`` has drawn its report."""
    app = pilot.app
    assert isinstance(app, OpsdocApp)
    await until(
        pilot, lambda: app.report is not None and app.run_id == run, "the diagnosis did not finish"
    )
    await pilot.pause()
    return app


def comparable(report_json: str) -> dict[str, object]:
    data = json.loads(report_json)
    for source in data["sources"]:
        source.pop("seconds")
    data.pop("seconds", None)
    return data


class Recorder:
    """A pipeline listener that writes down what it is told, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def run_started(self, sources: list[str]) -> None:
        self.events.append("run")

    def source_started(self, name: str) -> None:
        self.events.append(f"start {name}")

    def source_finished(self, name: str, records: int, seconds: float, error: str) -> None:
        self.events.append(f"finish {name}")

    def sources_done(self, statuses: object) -> None:
        self.events.append("sources done")

    def check_finished(self, code: str, findings: object) -> None:
        self.events.append("check")


def test_live_pipeline_gives_the_same_report_as_diagnose() -> None:
    """No second code path: the TUI's step-by-step run ranks exactly what `diagnose` ranks."""
    for name in (SEED_000, SEED_001, "seed-003-sync-handler-timeout"):
        opts = options(name)

        recorder = Recorder()
        live = diagnose_live(Target(name, opts), recorder).report
        assert comparable(render(live, Format.JSON)) == comparable(
            render(diagnose(opts), Format.JSON)
        )
        events = recorder.events
        assert events[0] == "run" and "sources done" in events
        assert {"start code", "finish code", "start exports", "finish exports"} <= set(events)
        assert events.index("sources done") < events.index("check")


@sync
async def test_root_cause_is_selected_and_navigation_updates_the_detail() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.selected is not None and app.selected.code == "T001"
        tree = app.screen.query_one(FindingsTree)
        assert [f.code for f in tree.shown] == ["T001", "E002", "E001"]
        await pilot.press("down")
        assert app.selected.code == "E002"
        await pilot.press("down")  # the "ERROR (1)" heading: the detail keeps E002
        assert app.selected.code == "E002"
        await pilot.press("down")
        assert app.selected.code == "E001"
        tabs = app.screen.query_one(DetailPane).query_one(TabbedContent)
        for key, tab in [("2", "evidence"), ("3", "timeline"), ("4", "fix"), ("5", "runbook")]:
            await pilot.press(key)
            assert tabs.active == tab
        await pilot.press("enter")
        assert app.focused is not None and app.focused is not tree


@sync
async def test_filter_narrows_and_escape_restores() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        tree = app.screen.query_one(FindingsTree)
        await pilot.press("slash", *"E001")
        assert app.screen.query_one("#filter", Input).has_focus
        assert [f.code for f in tree.shown] == ["E001"]
        assert app.selected is not None and app.selected.code == "E001"
        await pilot.press("escape")
        assert app.needle == ""
        assert [f.code for f in tree.shown] == ["T001", "E002", "E001"]
        # Typing a command key into the filter filters; it does not quit.
        await pilot.press("slash", "q")
        assert app.is_running and app.needle == "q"


@sync
async def test_severity_cycle() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        tree = app.screen.query_one(FindingsTree)
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append((app.min_severity, sorted(f.code for f in tree.shown)))
        assert seen == [
            (Severity.WARNING, ["E001", "E002", "T001"]),
            (Severity.ERROR, ["E001", "E002", "T001"]),
            (Severity.CRITICAL, ["T001"]),
            (Severity.INFO, ["E001", "E002", "T001"]),
        ]


@sync
async def test_rerun_posts_a_second_run_with_the_same_findings() -> None:
    seen: list[Message] = []
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settled(pilot)
        first = [f.id for f in app.report.findings] if app.report else []
        await pilot.press("r")
        await settled(pilot, run=2)
        assert [f.id for f in app.report.findings] == first
    ready = [m.run for m in seen if isinstance(m, msg.ReportReady)]
    assert ready == [1, 2]
    started = [(m.run, m.name) for m in seen if isinstance(m, msg.SourceStarted)]
    assert sorted(started) == [(1, "code"), (1, "exports"), (2, "code"), (2, "exports")]


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "r.json"), ("sarif", "r.sarif"), ("markdown", "r.md")]
)
@sync
async def test_export_writes_a_valid_file(tmp_path: Path, fmt: str, name: str) -> None:
    app = make_app()
    target = tmp_path / name
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        await pilot.click(f"#fmt-{fmt}")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#write")
        await until(pilot, target.exists, "the export was not written")
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["schema"] == 1 and data["findings"][0]["code"] == "T001"
    elif fmt == "sarif":
        data = json.loads(text)
        assert data["version"] == "2.1.0"
        assert data["runs"][0]["results"][0]["ruleId"] == "T001"
    else:
        assert "T001" in text and text.lstrip().startswith("#")


@sync
async def test_export_to_an_unwritable_place_is_reported_not_raised(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("e")
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing" / "r.json")
        await pilot.press("enter")
        await until(pilot, lambda: app._notifications, "nothing was notified")
        assert any("Could not write" in n.message for n in app._notifications)
        assert app.is_running


@sync
async def test_copy_puts_the_fix_commands_on_the_clipboard() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.selected is not None
        await pilot.press("c")
        assert app.clipboard == "\n".join(app.selected.fix.commands)
        assert "opsdoc runbook T001" in app.clipboard


@sync
async def test_help_opens_and_closes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@sync
async def test_quit_returns_the_report_exit_code() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("q")
    assert app.return_value == 1


@sync
async def test_smoke_without_target_does_nothing_and_with_one_shows_its_output() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("m")  # no target: the key is hidden and does nothing
        await pilot.pause()
        assert not isinstance(app.screen, OutputScreen)
    command = (sys.executable, "-c", "print('canary processed in 0.1 s')")
    app = make_app(Target(SEED_000, options(SEED_000), smoke_command=command))
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, OutputScreen), "no smoke output")
        assert isinstance(app.screen, OutputScreen)
        assert app.screen.heading == "Smoke check passed"
        assert "canary processed" in app.screen.body


class BlockingSource:
    """A source stuck in a network call until the test lets it go."""

    def __init__(self, name: str, timeout_s: float) -> None:
        self.name = name
        self.timeout_s = timeout_s
        self.release = threading.Event()
        self.returned = threading.Event()

    def collect(self, ctx: SourceContext) -> SourceResult:
        self.release.wait(300)
        self.returned.set()
        return SourceResult()


@sync
async def test_a_blocked_source_does_not_freeze_the_ui() -> None:
    """Keys are handled while a source hangs; a hang past its deadline is X001.

    What is asserted is order, not speed: the key presses complete while
    ``held`` is still blocked (the test holds it and its deadline is minutes
    away), so the UI cannot have waited for it, however loaded the machine is.
    """
    opts = options(SEED_000)
    held = BlockingSource("held", timeout_s=300)
    stuck = BlockingSource("stuck", timeout_s=2)

    def sources() -> Sequence[object]:
        return [*build_sources(opts), held, stuck]

    app = make_app(Target(SEED_000, opts, sources=sources))  # type: ignore[arg-type]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            panel = app.screen.query_one(SourcesPanel)
            await until(
                pilot,
                lambda: "held" in panel.rows and panel.rows["held"].state == "running",
                "the held source never started",
            )
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("s")
            assert app.min_severity is Severity.WARNING
            assert panel.rows["held"].state == "running"
            assert app.report is None
            held.release.set()
            await settled(pilot)
            assert panel.rows["held"].state != "failed"
            row = panel.rows["stuck"]
            assert row.state == "failed" and "2 s" in row.detail
            assert any(f.code == "X001" and "stuck" in f.summary for f in app.report.findings)
            assert not any("held" in f.summary for f in app.report.findings)
            # The rest of the diagnosis is still there.
            assert app.report.findings[0].code == "T001"
    finally:
        held.release.set()
        stuck.release.set()


@sync
async def test_quitting_while_a_source_hangs_returns_at_once() -> None:
    """Quitting does not wait for a hung source: the app ends while it is still held."""
    opts = options(SEED_000)
    stuck = BlockingSource("stuck", timeout_s=300)
    app = make_app(Target(SEED_000, opts, sources=lambda: [stuck]))  # type: ignore[list-item]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("q")
        assert app.return_value == 0
        assert not stuck.returned.is_set()
    finally:
        stuck.release.set()


@sync
async def test_resizing_never_crashes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for size in [(40, 12), (200, 60), (80, 24), (20, 8), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.press("3")
            await pilot.pause()
        assert app.is_running and app.report is not None


@sync
async def test_demo_targets_switch_with_t() -> None:
    from opsdoc.commands.demo import demo_options

    found = demo_options()
    assert [name for name, _ in found][:2] == [SEED_000, SEED_001]
    app = make_app(*(Target(n, replace(o, as_of=AS_OF)) for n, o in found))
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("t", "down", "enter")
        await settled(pilot, run=2)
        assert app.target.name == SEED_001
        assert app.report is not None and app.report.findings[0].code == "M001"


def test_tui_command_parses_like_diagnose_and_builds_the_smoke_command() -> None:
    import argparse

    from opsdoc.commands import tui as tui_cmd

    parser = argparse.ArgumentParser()
    tui_cmd.configure(parser)
    args = parser.parse_args(
        [
            str(EXAMPLES / SEED_000),
            "--as-of",
            "2026-11-23T06:00:00Z",
            "--smoke-redis",
            "redis://h:1",
        ]
    )
    opts = tui_cmd.options_from(args)
    assert opts.as_of == AS_OF and opts.config.evidence
    assert tui_cmd.smoke_command(args)[-3:] == ["smoke", "--redis", "redis://h:1"]
    assert tui_cmd.smoke_command(parser.parse_args([])) == []


def test_checks_and_diagnose_never_import_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from opsdoc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['checks'])\n"
        f"    main(['diagnose', {str(EXAMPLES / SEED_000)!r}, '--as-of', '2026-11-23T06:00:00Z'])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
