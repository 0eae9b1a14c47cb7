"""``e``: write the report to a file for the ticket (markdown), CI (sarif) or scripts (json)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

FORMATS = {"json": ".json", "markdown": ".md", "sarif": ".sarif"}


@dataclass(frozen=True)
class ExportRequest:
    format: str
    path: str


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_name: str = "opsdoc-report") -> None:
        super().__init__()
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("[b]Export the report[/b]")
            with RadioSet(id="format"):
                for i, name in enumerate(FORMATS):
                    yield RadioButton(name, value=i == 0, id=f"fmt-{name}")
            yield Input(value=self.default_name + ".json", id="path")
            with Horizontal(id="buttons"):
                yield Button("Write", variant="primary", id="write")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @property
    def chosen(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return str(pressed.label) if pressed is not None else "json"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        box = self.query_one("#path", Input)
        path = PurePath(box.value or self.default_name)
        box.value = str(path.with_suffix(FORMATS[self.chosen]))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            self._write()
        else:
            self.dismiss(None)

    def _write(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.notify("Give a file name", severity="warning")
            return
        self.dismiss(ExportRequest(self.chosen, path))

    def action_cancel(self) -> None:
        self.dismiss(None)
