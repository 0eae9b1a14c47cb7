"""An example handler: a plain function that takes the job's payload.

Point the worker at it with ``--handler handler:process`` (run from this
directory, or install your package and use ``mypackage.jobs:process``).
Raise on failure: the worker marks the job failed and retries or redelivers it.
Never catch-and-log an error and return normally; that reports success.
"""

from __future__ import annotations

from typing import Any

from opsdoc.worker import progress


def process(payload: Any) -> dict[str, Any]:
    items = payload.get("items", []) if isinstance(payload, dict) else []
    total = 0
    for item in items:
        total += len(str(item))
        progress()  # long jobs: keeps the heartbeat fresh while real work happens
    return {"items": len(items), "chars": total}
