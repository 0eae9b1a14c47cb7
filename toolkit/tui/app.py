"""The opsdoc TUI: a thin App over the same engine and report as the CLI.

State lives here; screens and widgets only draw it. The diagnosis runs in a
thread worker that posts messages (`opsdoc.tui.messages`), so a hung source
never blocks a key press: handlers do no I/O, they only update state.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Input, Static, TabbedContent
from textual.worker import Worker, get_current_worker

from opsdoc.findings import Finding, Severity, SourceStatus
from opsdoc.render._common import iso, severity_counts
from opsdoc.report import Report
from opsdoc.tui import messages as msg
from opsdoc.tui.pipeline import Clock, Listener, Outcome, Target, diagnose_live
from opsdoc.tui.screens.main import MainScreen
from opsdoc.tui.widgets.detail import TABS, DetailPane, fix_text
from opsdoc.tui.widgets.findings import FindingsTree
from opsdoc.tui.widgets.sources import SourcesPanel

if TYPE_CHECKING:
    from opsdoc.tui.screens.export import ExportRequest

Runner = Callable[[Target, Listener], Outcome]
SEVERITY_CYCLE = [Severity.INFO, Severity.WARNING, Severity.ERROR, Severity.CRITICAL]
SMOKE_TIMEOUT_S = 300.0


class _Poster:
    """The pipeline's listener: turns progress into messages, silent once the run is replaced."""

    def __init__(self, app: OpsdocApp, run: int) -> None:
        self.app = app
        self.run = run

    def _post(self, message: Any) -> None:
        if self.app.run_id == self.run:
            self.app.post_message(message)

    def run_started(self, sources: list[str]) -> None:
        self._post(msg.RunStarted(self.run, sources))

    def source_started(self, name: str) -> None:
        self._post(msg.SourceStarted(self.run, name))

    def source_finished(self, name: str, records: int, seconds: float, error: str) -> None:
        self._post(msg.SourceFinished(self.run, name, records, seconds, error))

    def sources_done(self, statuses: list[SourceStatus]) -> None:
        self._post(msg.SourcesDone(self.run, statuses))

    def check_finished(self, code: str, findings: list[Finding]) -> None:
        self._post(msg.CheckFinished(self.run, code, findings))


class OpsdocApp(App[int]):
    # Absolute, so that subclasses (tests, benchmarks, embedding apps) find it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "opsdoc"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "severity", "Severity"),
        Binding("r", "rerun", "Re-run"),
        Binding("e", "export", "Export"),
        Binding("c", "copy_fix", "Copy fix"),
        Binding("m", "smoke", "Smoke"),
        Binding("b", "by_code", "By code"),
        Binding("o", "open_editor", "Editor"),
        Binding("t", "pick", "Examples"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        *(
            Binding(str(i), f"tab('{tab}')", tab.capitalize(), show=False)
            for i, tab in enumerate(TABS, start=1)
        ),
    ]

    min_severity: reactive[Severity] = reactive(Severity.INFO, init=False)
    needle: reactive[str] = reactive("", init=False)

    def __init__(
        self,
        targets: Sequence[Target],
        *,
        runner: Runner | None = None,
        clock: Clock = time.perf_counter,
        spinner: bool = True,
    ) -> None:
        super().__init__()
        if not targets:
            raise ValueError("nothing to diagnose")
        self.targets = list(targets)
        self.current = 0
        self.clock = clock
        self.runner: Runner = runner or (lambda t, lst: diagnose_live(t, lst, clock=clock))
        self.spinner = spinner
        self.run_id = 0
        self.outcome: Outcome | None = None
        self.partial: list[Finding] = []
        self._partial_dirty = False
        self.selected: Finding | None = None
        self._timers_started = False

    # -- life cycle -------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def _start_timers(self) -> None:
        """Called once the main screen exists: the timers draw on its widgets."""
        if self.spinner:
            self.set_interval(0.1, self._tick)
        # Findings of many checks can arrive in a burst: redraw them at most 10 times a second.
        self.set_interval(0.1, self._flush_partial)
        self._timers_started = True

    @property
    def target(self) -> Target:
        return self.targets[self.current]

    @property
    def report(self) -> Report | None:
        return self.outcome.report if self.outcome is not None else None

    def start_run(self) -> None:
        if not self._timers_started:
            self._start_timers()
        self.run_id += 1
        self.outcome = None
        self.partial = []
        self.selected = None
        self.sub_title = f"{self.target.name} · as of {iso(self.target.options.as_of)}"
        self.sources_panel.reset([])
        self.findings_tree.show_partial([])
        self.detail.show(None, None, None)
        self._status("diagnosing…")
        self.diagnose(self.run_id, self.target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="diagnose")
    def diagnose(self, run: int, target: Target) -> None:
        """Run the diagnosis off the UI thread.

        The run itself goes in a daemon thread that this worker watches: a
        source hung in a network call must not keep the process alive after
        the user quits or re-runs (the engine abandons it at its deadline).
        """
        worker = get_current_worker()
        box: dict[str, Any] = {}
        done = threading.Event()

        def body() -> None:
            try:
                box["outcome"] = self.runner(target, _Poster(self, run))
            except Exception as exc:  # a bug in opsdoc: shown, never a crash of the UI
                box["error"] = f"{type(exc).__name__}: {exc}"
            done.set()

        threading.Thread(target=body, name=f"opsdoc-tui-run-{run}", daemon=True).start()
        while not done.wait(0.05):
            if worker.is_cancelled:
                return
        if worker.is_cancelled or run != self.run_id:
            return
        if "error" in box:
            self.post_message(msg.RunFailed(run, box["error"]))
        else:
            self.post_message(msg.ReportReady(run, box["outcome"]))

    # -- widgets ----------------------------------------------------------------------

    @property
    def sources_panel(self) -> SourcesPanel:
        return self._main_screen.query_one(SourcesPanel)

    @property
    def findings_tree(self) -> FindingsTree:
        return self._main_screen.query_one(FindingsTree)

    @property
    def detail(self) -> DetailPane:
        return self._main_screen.query_one(DetailPane)

    @property
    def _main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def _status(self, text: str) -> None:
        self._main_screen.query_one("#status", Static).update(text)

    def _tick(self) -> None:
        if self.is_running:
            self.sources_panel.tick()

    # -- messages from the worker -----------------------------------------------------

    def _current(self, message: Any) -> bool:
        # News that lands while the app shuts down has no widgets left to draw on.
        return bool(message.run == self.run_id) and self.is_running

    def on_run_started(self, message: msg.RunStarted) -> None:
        if self._current(message):
            self.sources_panel.reset(message.sources)

    def on_source_started(self, message: msg.SourceStarted) -> None:
        if self._current(message) and self.sources_panel.phase == "sources":
            self.sources_panel.started(message.name)

    def on_source_finished(self, message: msg.SourceFinished) -> None:
        # A source abandoned at its deadline may still answer later: the engine's verdict stands.
        if self._current(message) and self.sources_panel.phase == "sources":
            self.sources_panel.finished(
                message.name, message.records, message.seconds, message.error
            )

    def on_sources_done(self, message: msg.SourcesDone) -> None:
        if self._current(message):
            self.sources_panel.settle(message.statuses)
            self._status("running checks…")

    def on_check_finished(self, message: msg.CheckFinished) -> None:
        if self._current(message) and self.outcome is None:
            self.sources_panel.check_done()
            if message.findings:
                self.partial.extend(message.findings)
                self._partial_dirty = True

    def _flush_partial(self) -> None:
        if self._partial_dirty and self.outcome is None and self.is_running:
            self._partial_dirty = False
            self.findings_tree.show_partial(self.partial)

    def on_report_ready(self, message: msg.ReportReady) -> None:
        if not self._current(message):
            return
        self.outcome = message.outcome
        self.sources_panel.settle(message.outcome.report.sources)
        self.sources_panel.done()
        self.refresh_findings()

    def on_run_failed(self, message: msg.RunFailed) -> None:
        if self._current(message):
            self.sources_panel.done()
            self._status(f"[red]opsdoc failed: {message.error}[/red] (r to retry)")

    # -- state -> widgets -------------------------------------------------------------

    def refresh_findings(self) -> None:
        report = self.report
        if report is None:
            return
        tree = self.findings_tree
        tree.show_report(report, self.needle, self.min_severity)
        shown = len(tree.shown)
        counts = ", ".join(words for _, n, words in severity_counts(report) if n) or "no findings"
        parts = [counts]
        if self.min_severity is not Severity.INFO:
            parts.append(f"≥ {self.min_severity.value}")
        if self.needle:
            parts.append(f"filter “{self.needle}”")
        if shown != len(report.findings):
            parts.append(f"{shown} of {len(report.findings)} shown")
        if report.checks:  # "nothing found" vs "nothing to check" (a short form: a status line)
            ran = sum(1 for c in report.checks if c.status == "ran")
            failed = sum(1 for c in report.checks if c.status == "failed")
            parts.append(
                f"{ran}/{len(report.checks)} checks ran" + (f", {failed} failed" if failed else "")
            )
        self._status(" · ".join(parts))
        # The rebuilt tree may keep its cursor line, and then says nothing: tell the detail pane.
        node = tree.cursor_node
        self.show_finding(node.data if node is not None and tree.shown else None, force=True)

    def show_finding(self, finding: Finding | None, force: bool = False) -> None:
        """Show ``finding`` in the detail pane; a heading row (None) keeps the last one shown."""
        if not force and (finding is None or finding is self.selected):
            return
        self.selected = finding
        self.detail.show(finding, self.report, self.outcome.evidence if self.outcome else None)

    def watch_min_severity(self) -> None:
        self.refresh_findings()

    def watch_needle(self) -> None:
        self.refresh_findings()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.needle = event.value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.input.display = bool(event.value)
            self.findings_tree.focus()

    # -- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return len(self.targets) > 1
        if action == "smoke":
            return bool(self.target.smoke_command)
        return True

    def action_by_code(self) -> None:
        tree = self.findings_tree
        tree.by_code = not tree.by_code
        self.refresh_findings()
        self.notify("Grouped by code" if tree.by_code else "Grouped by root cause", timeout=2)

    def action_open_editor(self) -> None:
        """The selected finding's file at its line in ``$VISUAL``/``$EDITOR`` (TUI suspended)."""
        import os
        import shlex
        import subprocess

        from opsdoc.render._common import path_line

        finding = self.selected
        where = path_line(finding.subject) if finding is not None else None
        if where is None:
            self.notify("The selected finding names no file", severity="warning")
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR to open files", severity="warning")
            return
        path = self.target.options.root / where[0]
        try:
            with self.suspend():
                subprocess.run([*shlex.split(editor), f"+{where[1]}", str(path)], check=False)
        except (OSError, ValueError, SuspendNotSupported) as exc:  # no editor, or no terminal
            self.notify(f"Could not run {editor}: {exc}", severity="error")

    # The dialogs are imported when first opened: the first paint does not need them.

    def action_help(self) -> None:
        from opsdoc.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_filter(self) -> None:
        if self.screen is not self._main_screen:
            return
        box = self._main_screen.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        if self.screen is not self._main_screen:
            return
        box = self._main_screen.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.needle = ""
        self.findings_tree.focus()

    def action_severity(self) -> None:
        i = SEVERITY_CYCLE.index(self.min_severity)
        self.min_severity = SEVERITY_CYCLE[(i + 1) % len(SEVERITY_CYCLE)]
        self.notify(f"Showing {self.min_severity.value} and worse", timeout=2)

    def action_tab(self, tab: str) -> None:
        if self.screen is self._main_screen:
            self.detail.query_one(TabbedContent).active = tab

    def action_rerun(self) -> None:
        self.start_run()

    def action_pick(self) -> None:
        def chosen(index: int | None) -> None:
            if index is not None:
                self.current = index
                self.start_run()

        from opsdoc.tui.screens.pick import PickScreen

        self.push_screen(PickScreen([t.name for t in self.targets], self.current), chosen)

    def action_copy_fix(self) -> None:
        if self.selected is None:
            self.notify("Select a finding first", severity="warning")
            return
        text = fix_text(self.selected)
        if not text:
            self.notify(f"{self.selected.code} has no fix to copy", severity="warning")
            return
        self.copy_to_clipboard(text)
        lines = len(text.splitlines())
        self.notify(f"Copied the fix of {self.selected.id} ({lines} line(s)) to the clipboard")

    def action_export(self) -> None:
        report = self.report
        if report is None:
            self.notify("The diagnosis is still running", severity="warning")
            return

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.write_report(report, request)

        from opsdoc.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(), chosen)

    @work(thread=True, exit_on_error=False, group="export")
    def write_report(self, report: Report, request: ExportRequest) -> None:
        from opsdoc.render import render

        try:
            text = render(report, request.format)
            Path(request.path).write_text(text if text.endswith("\n") else text + "\n", "utf-8")
            self.post_message(msg.FileWritten(request.path, ""))
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.post_message(msg.FileWritten(request.path, reason))

    def on_file_written(self, message: msg.FileWritten) -> None:
        if message.error:
            self.notify(f"Could not write {message.path}: {message.error}", severity="error")
        else:
            self.notify(f"Wrote {message.path}")

    def action_smoke(self) -> None:
        command = self.target.smoke_command
        if not command:
            self.notify(
                "No smoke target configured: start with --smoke-redis URL "
                "or --smoke-subscription S",
                severity="warning",
            )
            return
        self.notify("Running the smoke check…")
        self.smoke(list(command))

    @work(thread=True, exclusive=True, exit_on_error=False, group="smoke")
    def smoke(self, command: list[str]) -> None:
        from opsdoc.redact import redact

        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=SMOKE_TIMEOUT_S, check=False
            )
            out = (done.stdout + done.stderr).strip()
            self.post_message(msg.SmokeDone(done.returncode, redact(out)))
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.post_message(msg.SmokeDone(-1, redact(str(exc))))

    def on_smoke_done(self, message: msg.SmokeDone) -> None:
        from opsdoc.tui.screens.output import OutputScreen

        verdict = "passed" if message.exit_code == 0 else f"failed (exit {message.exit_code})"
        self.push_screen(OutputScreen(f"Smoke check {verdict}", message.output))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # exit_on_error=False: a crashed worker is shown, never a dead UI.
        if event.worker.error is not None:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error")

    async def action_quit(self) -> None:
        report = self.report
        self.exit(report.exit_code if report is not None else 0)
