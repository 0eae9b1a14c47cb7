"""The interactive TUI (``opsdoc tui``, ``opsdoc diagnose --tui``, ``opsdoc demo``).

Textual is imported only here and below, and only when a TUI command runs:
``opsdoc diagnose`` and ``opsdoc checks`` never pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from opsdoc.commands.diagnose import Options
from opsdoc.sources.base import Source
from opsdoc.tui.pipeline import Target, plain_target


def freeze_startup_heap() -> None:
    """Take what start-up built (modules, classes, config) out of the garbage collector's scans.

    Those objects live as long as the process. Left in the collector's care, each
    full collection during the first paint walks all of them again (30-50 ms of
    a 370 ms start, measured); frozen, it walks only what the app allocates.
    """
    import gc

    gc.freeze()


def run_targets(targets: Sequence[Target]) -> int:
    """Open the TUI on ``targets`` (the first is diagnosed at once); the report's exit code."""
    from opsdoc.tui.app import OpsdocApp

    freeze_startup_heap()
    result = OpsdocApp(targets).run()
    return int(result or 0)


def run_tui(
    options: Options, sources: Sequence[Source] | None = None, smoke: Sequence[str] = ()
) -> int:
    """``opsdoc tui`` / ``diagnose --tui``: the exit code of the last report shown, or 0."""
    target = plain_target(options, sources)
    if smoke:
        from dataclasses import replace

        target = replace(target, smoke_command=tuple(smoke))
    return run_targets([target])


__all__ = ["Target", "freeze_startup_heap", "run_targets", "run_tui"]
