"""Swallowed exceptions in job code: the cause behind jobs that fail yet report success."""

from __future__ import annotations

from collections.abc import Iterator

from opsdoc.evidence import CodeSite, Evidence
from opsdoc.findings import Fix, Hit, Severity, quote
from opsdoc.plugin import check

_MECHANISMS = {
    "enqueue": "enqueued job",
    "delay": "task dispatched with .delay/.apply_async",
    "task-decorator": "task",
    "pubsub-callback": "Pub/Sub callback",
    "worker-loop": "worker loop",
    "batch-entry": "batch entry",
}

_JOB_FIX = Fix(
    text="Re-raise after logging (`logger.exception(...); raise`), catch only the "
    "exceptions that are truly expected, or return a failure result the job turns "
    "into an exception, so the queue records the job as failed and retries it.",
    commands=("rq info --url REDIS_URL", "opsdoc runbook A004"),
)
_BATCH_FIX = Fix(
    text="Make the run fail when items fail: count the failures and end with "
    "`sys.exit(1 if failed else 0)` (or `raise SystemExit(...)`, or raise after the loop), "
    "so the platform marks the execution failed and retries or alerts.",
    commands=("opsdoc runbook A004",),
)


@check(
    "A004",
    "Exception swallowed in job code",
    needs={CodeSite},
    severity=Severity.ERROR,
    root_cause=True,
)
def swallowed_in_job(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags `except Exception:` (or a bare `except:` / `except BaseException:`)
    whose handler logs the error and then carries on: no `raise`, no failure
    value returned, no nack or failure status recorded, in code that runs as a
    job: functions enqueued to RQ, Celery/Dramatiq/Huey tasks, Pub/Sub callbacks,
    consume-loop bodies, and what they call (across modules, up to 3 calls deep).
    A best-effort lookup is not reported: a `try` that only looks something up
    (a cache `get`, a memo) and whose failure falls through to doing the real
    work after it skips a shortcut, not the job's failure.

    ## Why is this bad?
    A queue learns that a job failed only when the job raises. A handler that
    logs and returns normally turns every failure (a retired model's 404, an
    expired credential) into a "successful" job: nothing lands in the failed-job
    registry, no retry happens, dashboards stay green (E003) while every result
    is empty.

    ## Example
    ```python
    def generate_scene_summary(self, scene):
        try:
            return self.ai.summarise(scene)
        except Exception as e:
            logger.error("summary failed: %s", e)
            return None
    ```
    Use instead: let it raise (or re-raise after logging), or return a result the
    job checks and turns into a failure:
    ```python
        except anthropic.NotFoundError:
            logger.exception("model not found")
            raise
    ```

    ## Fix safety
    No automatic fix: deciding which failures are partial and which fail the job
    is a product decision.

    ## References
    RQ: job status and `FailedJobRegistry`; Celery: task states; Pub/Sub:
    `message.nack()`.
    """
    for site in ev.code("swallowed-exception"):
        mechanism = site.attr("mechanism")
        kind = _MECHANISMS.get(mechanism, "job")
        entry = site.attr("entry")
        in_loop = site.attr("in_loop") == "true"
        caught = (
            "bare `except:`"
            if site.attr("exception") == "bare"
            else (f"`except {site.attr('exception')}`")
        )
        if mechanism == "batch-entry":
            deploy = site.attr("deploy")
            where = f"{entry} (run by {deploy})" if deploy else entry
            summary = (
                f"{caught} in {site.function or entry} logs (`{site.attr('handler_logs')}`) and "
                f"{site.attr('failure')}; it runs in batch entry {where}, and {site.attr('lost')}: "
                "the failure never reaches the exit code, so the run reports success"
            )
        else:
            summary = (
                f"{caught} in {site.function} logs (`{site.attr('handler_logs')}`) and carries "
                f"on; it runs in {kind} {entry}, so the job reports success when this fails"
            )
        if in_loop:
            summary += " (inside a loop: every failing item is skipped)"
        loop_body = mechanism == "worker-loop"
        yield Hit(
            subject=site.where,
            summary=summary,
            evidence=(quote("code", site.where, site.snippet),),
            fix=_BATCH_FIX if mechanism == "batch-entry" else _JOB_FIX,
            confidence=0.5 if loop_body else 0.8,
            severity=Severity.WARNING if loop_body else Severity.ERROR,
            explains=("E003:*",),
        )
