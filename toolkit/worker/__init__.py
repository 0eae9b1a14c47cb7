"""The bundled reference worker: the positive control for every worker check.

Every seed incident is a worker that looked healthy while doing nothing. This
one gets the basics right, so it can run real jobs and prove the infrastructure
works (``opsdoc smoke``): it pulls with a timeout, acknowledges only after
success, returns or redelivers what it could not finish, and its heartbeat is
written by the processing loop itself, so a hung loop shows up as stale.

Handlers are plain functions; point the worker at yours with
``--handler package.module:function``.
"""

from __future__ import annotations

from opsdoc.worker.loop import progress

__all__ = ["progress"]
