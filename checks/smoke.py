"""Smoke check findings (S codes), emitted by ``opsdoc smoke``.

The smoke command runs the bundled reference worker against a canary job and
builds these findings itself; they are declared here so that they are
documented, listed by ``opsdoc checks`` and have runbooks like every other code.
"""

from __future__ import annotations

from collections.abc import Iterator

from opsdoc.evidence import Evidence
from opsdoc.findings import Hit, Severity
from opsdoc.plugin import check

S001_TITLE = "Reference worker could not process the canary job"
S002_TITLE = "Reference worker did not exit after draining, or exceeded its deadline"


@check("S001", S001_TITLE, severity=Severity.CRITICAL, root_cause=True, engine_emitted=True)
def canary_not_processed(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports that opsdoc's known-good reference worker could not take a
    uniquely tagged canary job from the queue (or subscription), run it and
    acknowledge it: the broker was unreachable, credentials or permissions were
    missing, the queue or subscription does not exist, or the canary failed.

    ## Why is this bad?
    The worker code is known to work, so the fault is in the infrastructure
    around it. Your own workers will fail the same way, often silently
    (a worker that cannot connect looks idle, not broken).

    ## Example
    `opsdoc smoke --redis redis://cache:6379/0 --queue smoke` →
    `enqueue failed: Error 111 connecting to cache:6379. Connection refused.`

    ## Fix safety
    No automatic fix. The finding quotes the stage that failed (connect,
    enqueue, pull, result) and the worker's own error lines; the runbook lists
    the usual causes per broker.

    ## References
    SPEC §7 (reference worker and smoke check).
    """
    return iter(())


@check("S002", S002_TITLE, severity=Severity.ERROR, root_cause=True, engine_emitted=True)
def worker_missed_deadline(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports that the reference worker, run in drain mode with a deadline, did
    not finish: the canary's handler ran past the deadline, or the worker kept
    running after the queue was empty.

    ## Why is this bad?
    A run-to-completion worker (Cloud Run Job, cron, CI step) that does not
    exit on an empty queue burns its whole task timeout and is then killed,
    every time (seed 000). A job that outlives the deadline is a hang.

    ## Example
    `canary started after 0.02 s but the worker was still running at the
    30 s deadline; stopped with SIGTERM`.

    ## Fix safety
    No automatic fix. Check that the handler bounds every network call with a
    timeout and that nothing in the image blocks waiting for messages.

    ## References
    SPEC §7; seed 000 (a job worker that blocks forever on an empty subscription).
    """
    return iter(())
