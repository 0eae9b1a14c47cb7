"""``opsdoc tui``: the interactive TUI, with the same options as ``opsdoc diagnose``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opsdoc.commands.diagnose import Options


def configure(parser: argparse.ArgumentParser) -> None:
    from opsdoc.cli import _add_diagnose_options

    _add_diagnose_options(parser, report_options=False)
    smoke = parser.add_argument_group("smoke check (key m)")
    smoke.add_argument("--smoke-redis", metavar="URL", help="run the smoke check on this Redis")
    smoke.add_argument("--smoke-queue", metavar="Q", help="RQ queue for the canary")
    smoke.add_argument(
        "--smoke-subscription", metavar="projects/P/subscriptions/S", help="or on this subscription"
    )


def smoke_command(args: argparse.Namespace) -> list[str]:
    """The ``opsdoc smoke`` command line for ``m``, or [] when no target was given."""
    redis = getattr(args, "smoke_redis", None)
    subscription = getattr(args, "smoke_subscription", None)
    if not redis and not subscription:
        return []
    cmd = [sys.executable, "-m", "opsdoc", "smoke"]
    if redis:
        cmd += ["--redis", redis]
        if getattr(args, "smoke_queue", None):
            cmd += ["--queue", args.smoke_queue]
    else:
        cmd += ["--subscription", str(subscription)]
    return cmd


def options_from(args: argparse.Namespace) -> Options:
    """The diagnose options, built exactly as ``opsdoc diagnose`` builds them."""
    from opsdoc.cli import build_options

    return build_options(args)  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> int:
    from opsdoc.tui import run_tui

    options = options_from(args)
    if args.show_settings:
        from opsdoc.cli import show_settings

        sys.stdout.write(show_settings(options))
        return 0
    return run_tui(options, smoke=smoke_command(args))
