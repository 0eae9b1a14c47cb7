"""Small helpers so one bad document never takes the whole nightly run down."""
from __future__ import annotations

import functools
import logging
import time

log = logging.getLogger("digest.resilience")


def guarded(step: str, default=None):
    """Run a per-document step; on failure log it and return `default` so the loop goes on."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(doc, *args, **kwargs):
            t0 = time.monotonic()
            try:
                return fn(doc, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - keep the batch alive
                log.error(
                    "%s failed for %s after %.1fs: %s: %s",
                    step, doc.key, time.monotonic() - t0, type(exc).__name__, exc,
                    extra={"doc": doc.key, "step": step},
                )
                return default

        return inner

    return wrap
