"""The key footer, rebuilt only when the keys it shows change, through public API only.

Textual's `Footer` rebuilds all of its key widgets on every change of bindings
(focus, screen resume, after a refresh), several times before the first paint. The
keys are usually identical from one rebuild to the next, so this footer compares what
it would show with what it shows and passes the change on only when they differ. It
uses `Footer`'s public ``bindings_changed`` hook and `Screen.active_bindings`, nothing
private, so any Textual in the supported range (see ``pyproject.toml``) draws it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: object = None

    def keys(self, screen: Screen[Any]) -> object:
        """Everything `Footer` draws, as a value that compares equal when unchanged."""
        display = self.app.get_key_display
        return (
            self.compact,
            self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE,
            tuple(
                (b.key, display(b), b.description, b.action, b.group, b.tooltip, enabled, tooltip)
                for _, b, enabled, tooltip in screen.active_bindings.values()
                if b.show
            ),
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        drawn = screen.app.app_focus and self.is_attached and screen is self.screen
        if drawn:
            keys = self.keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
