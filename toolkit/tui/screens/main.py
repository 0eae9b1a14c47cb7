"""The main screen: sources and findings on the left, the selected finding on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static, Tabs, Tree

from opsdoc.findings import Finding
from opsdoc.tui.widgets.detail import DetailPane
from opsdoc.tui.widgets.findings import FindingsTree
from opsdoc.tui.widgets.footer import KeysFooter
from opsdoc.tui.widgets.sources import SourcesPanel


def layout_class(width: int) -> str:
    """The class of `MainScreen.HORIZONTAL_BREAKPOINTS` that applies at ``width`` columns."""
    return next(
        c for least, c in sorted(MainScreen.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= least
    )


class MainScreen(Screen[None]):
    """Layout only: the app owns the state and tells this screen what to show."""

    # Side by side when there is room; stacked on a narrow terminal (80 columns).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # Focused as the screen is composed: focusing later changes the bindings
    # again, and the footer rebuilds its keys each time they change.
    AUTO_FOCUS = "#findings"

    def compose(self) -> ComposeResult:
        # The breakpoint class Textual would add on the first resize, added now:
        # otherwise the first layout is drawn without it, then restyled and redrawn.
        self.add_class(layout_class(self.app.size.width))
        yield Header(show_clock=False, icon="✚")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SourcesPanel(id="sources")
                yield Static("", id="status")
                yield FindingsTree(id="findings")
            yield DetailPane(id="detail")
        yield Input(placeholder="filter: code, title, subject or text (Esc clears)", id="filter")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.app.start_run()  # type: ignore[attr-defined]

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Finding | None]) -> None:
        self.app.show_finding(event.node.data)  # type: ignore[attr-defined]

    def on_tree_node_selected(self, event: Tree.NodeSelected[Finding | None]) -> None:
        if event.node.data is not None:
            # Focus the tab bar: ← → then switch tabs, Tab moves into the content.
            self.query_one(DetailPane).query_one(Tabs).focus()
