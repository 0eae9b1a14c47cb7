"""The key footer, rebuilt only when the keys it shows change.

Textual's `Footer` rebuilds all of its key widgets on every change of bindings
(focus, screen resume, after a refresh), three times before the first paint,
and each key widget restyles itself twice as it mounts. The keys are usually
identical from one rebuild to the next, so this footer compares what it would
show with what it shows and skips the rebuild when they are the same. It looks
and behaves exactly like `Footer` (same CSS type, same keys, same clicks).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: object = None
        self._pending = False

    def _keys(self, screen: Screen[Any]) -> object:
        """Everything `Footer.compose` draws, as a value that compares equal when unchanged."""
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
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys(self.screen)
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born with the footer's style: no restyle on mount, none when the bind lands.
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
