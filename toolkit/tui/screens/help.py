"""``?``: every key, in one place, for the reader who has never seen the app."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("↑ ↓ j k / mouse", "move through findings; Enter opens the detail pane, Esc comes back"),
    ("g G", "first / last finding"),
    ("b", "group by code with counts (again: by root cause)"),
    ("o", "open the finding's file at its line in $VISUAL / $EDITOR"),
    ("Tab / Shift+Tab", "move between findings, tabs and detail"),
    ("1-5", "detail tab: Summary, Evidence, Timeline, Fix, Runbook (or click it)"),
    ("/", "filter findings by text (Esc clears, Enter keeps)"),
    ("s", "cycle the minimum severity shown"),
    ("r", "run the diagnosis again"),
    ("e", "export the report (json, markdown, sarif) to a file"),
    ("c", "copy the fix of the selected finding (OSC 52 clipboard)"),
    ("m", "run the smoke check (when a target is configured)"),
    ("t", "choose another example (demo)"),
    ("?", "this help"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll(id="dialog"):
            yield Static("[b]opsdoc — keys[/b]\n")
            yield Static(table)
            yield Static(
                "\nWhat the evidence shows comes first, then risks in the code;"
                "\nroot causes lead, with the symptoms they explain under them."
                "\nEsc or ? closes this help.",
                classes="dim",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
