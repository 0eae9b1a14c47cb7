"""Swallowed exceptions in job code: the cause behind jobs that fail yet report success."""

from __future__ import annotations

from collections.abc import Iterator

from opsdoc.evidence import CodeSite, Evidence, LogRecord
from opsdoc.findings import Fix, Hit, Severity, quote
from opsdoc.plugin import check

_MECHANISMS = {
    "enqueue": "enqueued job",
    "delay": "task dispatched with .delay/.apply_async",
    "task-decorator": "task",
    "pubsub-callback": "Pub/Sub callback",
    "worker-loop": "worker loop",
    "batch-entry": "batch entry",
    "push-handler": "Pub/Sub push handler",
    "event-function": "event function",
}
_ISOLATIONS = {
    "handlers": (
        "it isolates each callback of a registry (plugins, event handlers) from the others, "
        "beside the job's own work, which still fails the job when it fails",
        "Nothing to change if a failing callback may be skipped. To see failures, count them "
        "or record them where the job's status is kept.",
    ),
    "each-item": (
        "a failing item is logged and skipped, and the job goes on with the others: the job "
        "reports success even when every item fails",
        "If skipping a failing item is intended, nothing to change; to see failures, count "
        "them and fail the job (or record a status) when all or most items failed.",
    ),
    "step": (
        "it guards one step of the job, and the job goes on with other work that does not "
        "use what this step makes: the author let this step fail and kept the rest, whose "
        "own failures still fail the job",
        "Nothing to change if the step is optional (housekeeping, a cache or metrics write, "
        "an optional output). If the job's result depends on it, re-raise after logging.",
    ),
    "per-item": (
        "per-item isolation, a failing item is logged and skipped; the loop is the last work "
        "of the job, after its own work is done, and the other items still get theirs",
        "Nothing to change if a failing item may be skipped. To see failures, count them and "
        "fail the job (or record a status) when every item failed.",
    ),
}
"""Handlers that keep one item's or one callback's failure from the others: info, and
what to do if the skipped failures should be seen."""
_ACKED = {
    "push-handler": "so the request answers 2xx and Pub/Sub acknowledges a message that failed",
    "event-function": "so the event is acknowledged as handled when this fails",
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
    whose handler logs the error (itself, or through a project function that
    only logs, `log_exception(e)`) and then carries on: no `raise`, no failure
    value returned, no nack or failure status recorded, in code that runs as a
    job: functions enqueued to RQ, Celery/Dramatiq/Huey tasks, Pub/Sub callbacks,
    consume-loop bodies, and what they call (across modules, up to 3 calls deep).
    A best-effort lookup is not reported: a `try` that only looks something up
    (a cache `get`, a memo) and whose failure falls through to doing the real
    work after it skips a shortcut, not the job's failure. A fan-out that ends a
    job after its own work is done (`for hook in hooks:` whose whole body is a
    `try` delivering a value from before the loop to each item, nothing after the
    loop) isolates one failing destination from the others: reported at info.
    So does a loop over a registry of callbacks (`for callback in
    registry["webhook_callbacks"]:`, `for handler in handlers.get(event, {}).values():`,
    a collection of the module or an import, not one the job was handed) whose `try`
    calls each callback, in a job that does work of its own before or after it.
    A failure carried past the handler is not swallowed: a flag the handler sets
    (`success = False`), or that only the `try` sets (`success = True` at its
    end), which then reaches a `raise` (`if not success: raise ...`), the
    function's return value, or a call that records it; a status field the handler
    stores, itself or through a project function (`set_preview_file_as_broken(id)`
    writing `{"status": "broken"}`); a `try` nested in work whose own handler
    fails the job or records the failure is a secondary step by decision, and
    so is a handler logging at warning or below beside a `try` of the same
    function that fails the job (logged at error, it is still reported).
    A loop over the job's own records (`sink.save(row)`, `record.process()`)
    is the job's work and stays an error.

    Batch entry points are job code too: what a deployment runs (Dockerfile
    `CMD`/`ENTRYPOINT`, Cloud Run or Kubernetes job `command`/`args`, `gcloud run
    jobs deploy --command/--args`, Procfile, crontab, systemd `ExecStart`, a
    console script from `[project.scripts]`), from the module's top-level code
    (`if __name__ == "__main__":`), its `main()`, click/typer commands, and
    functions handed to an executor (`pool.map(step, docs)`). There a failure
    value counts only when it reaches the exit code: the handler's `return False`
    (or `None`, an error dict, a `failed += 1`) is followed by def-use through its
    callers. Reaching a `raise`, `sys.exit(1 if failed else 0)`, `raise
    SystemExit(...)`, or `return 1 if failed else 0` under `sys.exit(main())` is
    failing visibly and is not reported; ending in counters and log lines, or
    dropped, is. Left alone as decisions: fallback values (`return []`,
    `load() or DEFAULTS`), optional components checked where used, a search
    moving on to the next candidate, a report made while already failing, and
    a secondary step inside work whose handler fails the run. A loop that runs
    forever (`while True`, a consume or poll loop) is a daemon, not a batch.

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
    A batch step (`python -m docsum.main`, Dockerfile `CMD`):
    ```python
    def summarise_one(doc):
        try:
            save(doc, summarise(doc))
            return True
        except Exception as exc:
            logger.warning("summary failed for %s: %s", doc.id, exc)
            return False

    def main():
        failed = sum(1 for doc in docs() if not summarise_one(doc))
        logger.info("%d failed", failed)
        return 0  # sys.exit(main()) exits 0 whatever failed
    ```
    Use instead: let it raise (or re-raise after logging), or return a result the
    job checks and turns into a failure (`return 1 if failed else 0`):
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
    # With logs that hold errors, a skipped item may be what they show: the finding keeps
    # its weight and, through E003, its place at the head of the report.
    logged: list[bool] = []

    def logged_errors() -> bool:
        if not logged:
            logged.append(any(r.is_error for r in ev.of(LogRecord)))
        return logged[0]

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
                f"on; it runs in {kind} {entry}, "
                + _ACKED.get(mechanism, "so the job reports success when this fails")
            )
        if in_loop:
            summary += " (inside a loop: every failing item is skipped)"
        loop_body = mechanism == "worker-loop"
        isolation = _ISOLATIONS.get(site.attr("isolation"))
        if (
            isolation is None
            and in_loop
            and not loop_body
            and mechanism not in _ACKED
            and mechanism != "batch-entry"  # there def-use shows the failure lost
            and not logged_errors()
        ):
            # One item's failure logged and skipped is a design many jobs choose (the next
            # run retries it); from code alone it is a risk to note, not a failure. When
            # the logs show the job's items failing, E003 reports it and this explains it.
            isolation = _ISOLATIONS["each-item"]
        if isolation is not None:
            what, advice = isolation
            yield Hit(
                subject=site.where,
                summary=f"{caught} in {site.function} logs (`{site.attr('handler_logs')}`) and "
                f"carries on, in {kind} {entry}: {what}",
                evidence=(quote("code", site.where, site.snippet),),
                fix=Fix(text=advice, commands=("opsdoc runbook A004",)),
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
            fix=_BATCH_FIX if mechanism == "batch-entry" else _JOB_FIX,
            confidence=0.5 if loop_body else 0.8,
            severity=Severity.WARNING if loop_body else Severity.ERROR,
            explains=("E003:*",),
        )
