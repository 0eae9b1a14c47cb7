"""Logging for the worker processes: plain lines to stderr, journald adds host/unit/pid."""
import logging
import sys


def setup(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("proofsmith")
    root.setLevel(level)
    root.addHandler(handler)
    root.propagate = False


setup()
