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
}


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
    work after it skips a shortcut, not the job's failure. A fan-out that ends a
    job after its own work is done (`for hook in hooks:` whose whole body is a
    `try` delivering a value from before the loop to each item, nothing after the
    loop) isolates one failing destination from the others: reported at info.
    A loop over the job's own records (`sink.save(row)`, `record.process()`)
    is the job's work and stays an error.

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
        summary = (
            f"{caught} in {site.function} logs (`{site.attr('handler_logs')}`) and carries on; "
            f"it runs in {kind} {entry}, so the job reports success when this fails"
        )
        if in_loop:
            summary += " (inside a loop: every failing item is skipped)"
        loop_body = mechanism == "worker-loop"
        if site.attr("isolation") == "per-item":
            yield Hit(
                subject=site.where,
                summary=f"{caught} in {site.function} logs (`{site.attr('handler_logs')}`) and "
                f"carries on, in {kind} {entry}: per-item isolation, a failing item is logged "
                "and skipped; the loop is the last work of the job, after its own work is done, "
                "and the other items still get theirs",
                evidence=(quote("code", site.where, site.snippet),),
                fix=Fix(
                    text="Nothing to change if a failing item may be skipped. To see failures, "
                    "count them and fail the job (or record a status) when every item failed.",
                    commands=("opsdoc runbook A004",),
                ),
                confidence=0.4,
                severity=Severity.INFO,
                # if the evidence shows every item failing, E003 reports it and this is its cause
                explains=("E003:*",),
            )
            continue
        yield Hit(
            subject=site.where,
            summary=summary,
            evidence=(quote("code", site.where, site.snippet),),
            fix=Fix(
                text="Re-raise after logging (`logger.exception(...); raise`), catch only the "
                "exceptions that are truly expected, or return a failure result the job turns "
                "into an exception, so the queue records the job as failed and retries it.",
                commands=("rq info --url REDIS_URL", "opsdoc runbook A004"),
            ),
            confidence=0.5 if loop_body else 0.8,
            severity=Severity.WARNING if loop_body else Severity.ERROR,
            explains=("E003:*",),
        )
