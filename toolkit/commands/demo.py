"""``opsdoc demo``: the TUI on the bundled seed incidents; no server, no credentials.

It is the first thing a new user runs, so it must work from a plain
``pip install``: the examples ship inside the wheel as ``opsdoc.examples``
(in a source checkout they are found next to the package).
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opsdoc.commands.diagnose import Options

DEMO_AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
"""The moment the examples' exports are read as of, so ages read as during the incident."""

_AS_OF = re.compile(r"--as-of[ =]([0-9][0-9T:.+\-Z]+)")


def examples_dir() -> Path | None:
    """The bundled examples: inside the installed package, else beside it in a checkout."""
    import opsdoc

    here = Path(opsdoc.__file__).resolve().parent
    for candidate in (here / "examples", here.parent / "examples"):
        if any(candidate.glob("seed-*/opsdoc.toml")):
            return candidate
    return None


def _as_of(example: Path) -> datetime:
    """An example's README may name the moment its evidence must be read at (``--as-of``)."""
    from opsdoc.cli import UsageError, parse_as_of

    readme = example / "README.md"
    try:
        found = _AS_OF.search(readme.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return DEMO_AS_OF
    if found is None:
        return DEMO_AS_OF
    try:
        return parse_as_of(found.group(1))
    except UsageError:
        return DEMO_AS_OF


def demo_options(root: Path | None = None) -> list[tuple[str, Options]]:
    """One (name, options) per bundled seed example, in seed order."""
    from opsdoc.commands.diagnose import Options
    from opsdoc.config import ConfigError, find_config, load_config

    base = root or examples_dir()
    if base is None:
        return []
    out = []
    for example in sorted(p for p in base.glob("seed-*") if p.is_dir()):
        try:
            config = load_config(find_config(example))
        except ConfigError:
            continue
        out.append((example.name, Options(root=example, as_of=_as_of(example), config=config)))
    return out


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "example",
        nargs="?",
        help="open this example first (a name or number, e.g. 003); default: the first",
    )


def run(args: argparse.Namespace) -> int:
    from opsdoc.cli import UsageError

    found = demo_options()
    if not found:
        raise UsageError("demo: the bundled examples are missing from this installation")
    from opsdoc.tui import run_targets
    from opsdoc.tui.pipeline import Target

    targets = [Target(name, options) for name, options in found]
    if args.example:
        index = next((i for i, t in enumerate(targets) if args.example in t.name), None)
        if index is None:
            names = ", ".join(t.name for t in targets)
            raise UsageError(f"demo: no example matches {args.example!r} (examples: {names})")
        targets = targets[index:] + targets[:index]
    # The demo's exit code is not a verdict on the user's system: it only says it ran.
    run_targets(targets)
    return 0
