"""Entry point shared by ``python -m opsdoc.worker`` and container images."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from opsdoc.worker import cli


def main(argv: Sequence[str] | None = None) -> int:
    from opsdoc.cli import UsageError

    parser = argparse.ArgumentParser(prog="opsdoc worker", description="opsdoc's reference worker")
    cli.configure(parser)
    args = parser.parse_args(argv)
    try:
        return cli.run(args)
    except UsageError as exc:
        print(f"opsdoc: error: {exc}", file=sys.stderr)
        return 2
