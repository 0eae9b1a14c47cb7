"""Execution history: what the platform says happened to runs and containers."""

from __future__ import annotations

import json
import re
import shlex
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from opsdoc.check_helpers import (
    during,
    errors_of,
    headline,
    human_seconds,
    is_startup,
    iso,
    log_quote,
    shorten,
    span,
)
from opsdoc.evidence import Evidence, Execution, LogRecord, LogSummary
from opsdoc.findings import Fix, Hit, Severity, quote
from opsdoc.loglines import PlatformEvent, platform_event
from opsdoc.plugin import check

_VOLATILE = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|0x[0-9a-f]+|\b\d+\b", re.I
)
_EXCEPTION_LINE = re.compile(
    r"^\s*(?:[\w.]+\.)?(\w*(?:Error|Exception|Exit|Interrupt))\b:?\s*(.*)$", re.M
)


def first_error(ex: Execution, logs: list[LogRecord]) -> LogRecord | None:
    """The earliest error logged by this execution: usually the one that matters."""
    mine = errors_of(ex, logs)
    return mine[0] if mine else None


def error_signature(rec: LogRecord | None) -> str:
    """What an error *is*, without the ids and numbers that differ between runs."""
    if rec is None:
        return ""
    matches = _EXCEPTION_LINE.findall(rec.message)
    if matches:
        name, text = matches[-1]  # the last exception line of a traceback is the raised one
        return _VOLATILE.sub("N", f"{name}: {text}".strip(": "))[:160]
    return _VOLATILE.sub("N", rec.message.splitlines()[0] if rec.message else "")[:160]


TIMEOUT_REASON = "TaskTimeout"
"""The group of executions the task timeout ended (E002 says why; E001 counts them)."""


@check(
    "E001",
    "Repeated execution failures",
    needs={Execution},
    severity=Severity.ERROR,
)
def repeated_failures(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Groups failed executions of each job by the platform's reason (e.g.
    `NonZeroExitCode`) and by the first error in their logs, and reports groups
    of `execution_failures_min` (default 2) or more. Executions the task timeout
    ended form a group of their own (`TaskTimeout`), linked to E002, which says
    whether they were working or waiting when it struck.

    ## Why is this bad?
    One failure is noise; the same failure again and again is a defect that
    retries will not fix. Grouping by the first logged error separates "crashes
    at import" from "crashes on one bad message".

    ## Example
    Four executions failed with `NonZeroExitCode`; each logged first
    `sqlalchemy.exc.InvalidRequestError: ... 'Organization' failed to locate a name`.

    ## Fix safety
    No automatic fix; the first error names what to fix.

    ## References
    `gcloud run jobs executions list`, `gcloud logging read` on `cloud_run_job`.
    """
    minimum = int(ev.setting("execution_failures_min", 2))
    logs = ev.of(LogRecord)
    groups: dict[tuple[str, str, str], list[tuple[Execution, LogRecord | None]]] = defaultdict(list)
    for ex in ev.of(Execution):
        if ex.status != "failed":
            continue
        if ex.timed_out:
            # Killed at the task timeout: whatever it logged last is not why it failed.
            groups[(ex.job, TIMEOUT_REASON, "")].append((ex, None))
            continue
        err = first_error(ex, logs)
        groups[(ex.job, ex.reason or "failed", error_signature(err))].append((ex, err))
    for (job, reason, signature), members in sorted(groups.items()):
        if len(members) < minimum:
            continue
        members.sort(key=lambda m: m[0].start_time or ev.as_of, reverse=True)
        names = ", ".join(ex.name for ex, _ in members[:5])
        first = next((err for _, err in members if err is not None), None)
        summary = f"{len(members)} executions of {job} failed with {reason} ({names})"
        if reason == TIMEOUT_REASON:
            summary = (
                f"{len(members)} executions of {job} failed: the task timeout ended them ({names})"
            )
        if first is not None:
            summary += f"; first error: {shorten(headline(first.message), 200)}"
        evidence = [
            quote(
                ex.ref.source,
                ex.ref.location,
                f"{ex.name} {iso(ex.start_time)} {ex.reason}: {ex.message}",
            )
            for ex, _ in members[:3]
        ]
        if first is not None:
            evidence.append(log_quote(first))
        kind = signature.split(":", 1)[0] if signature else ""
        subject = f"jobs/{job}/{reason}" + (f"/{kind}" if kind else "")
        yield Hit(
            subject=subject,
            summary=summary,
            evidence=tuple(evidence),
            fix=Fix(
                text="They ran until the task timeout: see E002 for whether they were working or "
                "waiting, and fix that; retries repeat it."
                if reason == TIMEOUT_REASON
                else "Fix the first error the executions log; retries repeat it. Reproduce locally "
                "with the job's image and arguments.",
                commands=(
                    "gcloud logging read "
                    + shlex.quote(
                        'resource.type="cloud_run_job" AND '
                        f"resource.labels.job_name={json.dumps(job)} AND severity>=ERROR"
                    )
                    + " --limit 50 --format=json",
                ),
            ),
            confidence=0.9 if first is not None else 0.7,
        )


@check(
    "E002",
    "Executions killed by the task timeout",
    needs={Execution},
    severity=Severity.ERROR,
)
def killed_by_timeout(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Reports jobs whose executions ran until the task timeout killed them
    (`The configured timeout was reached`), and whether they processed anything
    before that.

    ## Why is this bad?
    A timed-out execution is a failed one, and it burned the whole timeout. When
    the logs show nothing but start-up before the kill, the worker was waiting
    for work it never got: see T001.

    ## Example
    Execution `worker-fjj8s` started 03:54:47 and was killed at 05:29:46 after
    its 95 min timeout, with 4 log lines, all from start-up.

    ## Fix safety
    No automatic fix. Raise the timeout only if the work really needs longer.

    ## References
    Cloud Run Jobs: task timeout (`--task-timeout`), default 10 min, max 168 h.
    """
    by_job: dict[str, list[Execution]] = defaultdict(list)
    for ex in ev.of(Execution):
        if ex.timed_out:
            by_job[ex.job].append(ex)
    all_by_job: dict[str, int] = defaultdict(int)
    for ex in ev.of(Execution):
        all_by_job[ex.job] += 1
    summaries = ev.of(LogSummary)
    for job, execs in sorted(by_job.items()):
        execs.sort(key=lambda e: e.start_time or ev.as_of, reverse=True)
        quiet = 0
        for ex in execs:
            counts = [s for s in summaries if s.execution == ex.name]
            if (
                counts
                and sum(s.entries for s in counts) <= 10
                and not any(s.errors for s in counts)
            ):
                quiet += 1
        limit = execs[0].task_timeout_s
        summary = (
            f"{len(execs)} of {all_by_job[job]} executions of {job} ran until the task timeout"
            + (f" ({human_seconds(limit)})" if limit else "")
            + " killed them"
        )
        if quiet:
            summary += f"; {quiet} logged only start-up lines before the kill (no work processed)"
        evidence = []
        for ex in execs[:3]:
            ran = human_seconds(ex.duration.total_seconds()) if ex.duration else "?"
            evidence.append(
                quote(
                    ex.ref.source,
                    ex.ref.location,
                    f"{ex.name}: started {iso(ex.start_time)}, ran {ran}: {ex.message}",
                )
            )
        yield Hit(
            subject=f"jobs/{job}",
            summary=summary,
            evidence=tuple(evidence),
            fix=Fix(
                text="Find out why the task does not finish: a worker that waits for messages "
                "forever (T001) never ends on its own. Raise --task-timeout only for work that "
                "genuinely needs longer.",
                commands=(_describe_command(job, execs),),
            ),
            confidence=0.95,
            explains=(f"E001:jobs/{job}/{TIMEOUT_REASON}",),
        )


def restarts(startups: list[LogRecord], window_s: float = 60.0) -> list[LogRecord]:
    """One record per container start: a server prints several start-up lines at once."""
    firsts: list[LogRecord] = []
    last_seen: dict[tuple[str, str], LogRecord] = {}
    for rec in sorted(startups, key=lambda r: (r.timestamp is None, r.timestamp)):
        key = (rec.service or rec.job, rec.instance)
        prev = last_seen.get(key)
        if (
            prev is None
            or rec.timestamp is None
            or prev.timestamp is None
            or (rec.timestamp - prev.timestamp).total_seconds() > window_s
        ):
            firsts.append(rec)
        last_seen[key] = rec
    return firsts


@check(
    "E005",
    "Container restarted while work was in flight",
    needs={LogRecord},
    severity=Severity.ERROR,
)
def restart_mid_work(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds server start-up lines (`Started server process`, `Booting worker`...)
    that appear while a request was still running on the same service, or inside
    a job execution after it had started; and instances stopped while background
    work still ran on them: uvicorn `Waiting for background tasks to complete`
    with no `Finished server process` after it while the export goes on, or its
    graceful-shutdown timeout cancelling the tasks (T005 explains those); and asyncio's
    `Task was destroyed but it is pending!`, a task the closing loop took down
    unfinished (A002 or T005 explains it).

    ## Why is this bad?
    The instance that held the work is gone: the request was cut, its work was
    lost half-done, and a retry may run it again (duplicates, "stale job"
    warnings). Something killed it: a request or task timeout, memory, a crash.

    ## Example
    `POST /api/tasks/assemble` arrived 00:43:07 and ran 76 s; at 00:44:23 the
    service logged `Started server process [1]`.

    ## Fix safety
    No automatic fix; find what killed the instance (T002, memory limit lines).

    ## References
    Cloud Run request timeout; container instance lifecycle.
    """
    grace = float(ev.setting("restart_grace_s", 5.0))
    logs = ev.of(LogRecord)
    startups = [r for r in logs if r.timestamp is not None and is_startup(r)]
    requests = [(r, s) for r in logs if (s := span(r)) is not None]
    by_service: dict[str, list[tuple[LogRecord, LogRecord]]] = defaultdict(list)
    for start in restarts(startups):
        for req, (begin, end) in requests:
            if req.service != start.service:
                continue
            if (
                start.instance
                and req.instance
                and start.instance != req.instance
                and (req.http is None or (req.http.status or 0) < 500)
            ):
                # Another instance starting while this request succeeds is autoscaling;
                # one starting while it fails (timeout, 5xx) is its replacement.
                continue
            if start.timestamp and begin + timedelta(
                seconds=grace
            ) < start.timestamp <= end + timedelta(seconds=1):
                by_service[start.service].append((start, req))
                break
    killed = _killed_with_requests(logs, requests)
    for service, pairs in sorted(by_service.items()):
        if service in killed:
            continue  # the kill lines say what ended the instance: reported below
        start, req = pairs[0]
        assert req.http is not None
        summary = (
            f"{service or 'the service'} restarted {len(pairs)} time(s) while requests were running, "
            f"e.g. at {iso(start.timestamp)} during {req.http.method} {req.http.path or req.http.url} "
            f"(arrived {iso(req.timestamp)}, ran {human_seconds(req.http.latency_s or 0)})"
        )
        evidence = []
        for s, r in pairs[:3]:
            evidence += [log_quote(r), log_quote(s)]
        yield Hit(
            subject=f"services/{service}",
            summary=summary,
            evidence=tuple(evidence),
            fix=Fix(
                text="Find what killed the instance: requests outliving their timeout (T002), "
                "memory limit lines, or crashes in the logs just before the start-up line.",
            ),
            confidence=0.85,
        )
    for service, pairs in sorted(killed.items()):
        # the requests the kill failed first: they show what was lost
        pairs.sort(key=lambda p: not (p[1].http is not None and (p[1].http.status or 0) >= 500))
        line, req = pairs[0]
        # `_killed_with_requests` keeps only lines whose event is in _ABNORMAL_END
        why = _KILL_WORDS[platform_event(line.message)]  # type: ignore[index]
        failed = sum(1 for _, r in pairs if r.http is not None and (r.http.status or 0) >= 500)
        assert req.http is not None
        yield Hit(
            subject=f"services/{service}",
            summary=(
                f"{service or 'the service'}: an instance {why} {len(pairs)} time(s) while "
                f"requests were running on it ({failed} of them answered 5xx), e.g. at "
                f"{iso(line.timestamp)} during {req.http.method} {req.http.path or req.http.url} "
                f"(arrived {iso(req.timestamp)}, ran {human_seconds(req.http.latency_s or 0)}): "
                "the work those requests were doing was lost, and a retry runs it again"
            ),
            evidence=tuple(x for ln, r in pairs[:3] for x in (log_quote(r), log_quote(ln))),
            fix=Fix(
                text="Give the instance what the work needs (memory limit, or less concurrency "
                "per instance), or make the work smaller per request (stream large files, "
                "split documents); make the handler idempotent, since the retry runs it again.",
                commands=("gcloud run services update SERVICE --memory 1Gi", "opsdoc runbook E005"),
            ),
            confidence=0.85,
            explains=("T003:*", "E003:*"),
        )
    for service, lines in sorted(_destroyed_pending(logs).items()):
        first = lines[0]
        yield Hit(
            subject=f"services/{service or 'app'}/tasks-destroyed",
            summary=(
                f"{service or 'the service'}: {len(lines)} asyncio task(s) were destroyed while"
                f" still pending, first at {iso(first.timestamp)}: the event loop closed (the"
                " process stopped or restarted) with that work unfinished, and it was lost"
            ),
            evidence=tuple(log_quote(line) for line in lines[:3]),
            fix=Fix(
                text="Keep every background task referenced and drain (await) them on shutdown,"
                " or hand work the caller was promised to a durable queue before answering;"
                " see A002 for where the code drops its tasks.",
                commands=("opsdoc runbook E005", "opsdoc runbook A002"),
            ),
            confidence=0.8,
        )
    for service, lines in sorted(_cut_at_shutdown(logs).items()):
        first = lines[0]
        yield Hit(
            subject=f"services/{service}/shutdown",
            summary=(
                f"{service or 'the service'}: {len(lines)} instance(s) stopped while background "
                f"work still ran on them, e.g. at {iso(first.timestamp)} the server was waiting "
                "for its background tasks to complete and never finished shutting down: the "
                "platform killed the instance, and the work those tasks were doing was lost"
            ),
            evidence=tuple(log_quote(line) for line in lines[:3]),
            fix=Fix(
                text="Do not leave work running after the response on a service that scales "
                "in: hand it to a queue or a job (see T005), or allocate CPU outside requests "
                "and handle SIGTERM by finishing or re-queueing the work.",
                commands=("opsdoc runbook E005",),
            ),
            confidence=0.8,
        )
    reported: set[str] = set()
    for hit in _retried_tasks(ev, logs, grace):
        reported.add(hit.subject)
        yield hit
    for ex in ev.of(Execution):
        if f"executions/{ex.name}" in reported:
            continue
        # A task that starts later than its siblings is parallelism, not a restart: a
        # restart is the same task printing its start-up lines a second time.
        seen_tasks: set[int | None] = set()
        inside = []
        for s in restarts(
            [r for r in startups if r.execution == ex.name or (r.job and r.job == ex.job)]
        ):
            if not (ex.start_time and s.timestamp and during(ex, s.timestamp)):
                continue
            if s.task_index in seen_tasks and s.timestamp > ex.start_time + timedelta(
                seconds=max(grace, 30)
            ):
                inside.append(s)
            seen_tasks.add(s.task_index)
        if inside:
            yield Hit(
                subject=f"executions/{ex.name}",
                summary=f"execution {ex.name} of {ex.job} restarted {len(inside)} time(s) mid-task",
                evidence=(
                    quote(
                        ex.ref.source, ex.ref.location, f"{ex.name} started {iso(ex.start_time)}"
                    ),
                    *(log_quote(s) for s in inside[:3]),
                ),
                fix=Fix(text="Look at the lines before each restart: memory, crash or retry."),
                confidence=0.7,
            )


BACKGROUND_WAIT = re.compile(r"Waiting for background tasks to complete")
"""uvicorn's shutdown, when tasks of the app (FastAPI/Starlette ``BackgroundTasks`` run
inside the request's task) are still running: it waits for them, then prints
``Application shutdown complete`` and ``Finished server process``."""
TASKS_CANCELLED = re.compile(r"Cancel \d+ running task\(s\), timeout graceful shutdown exceeded")
SHUTDOWN_DONE = re.compile(r"Finished server process|Application shutdown complete")
EXPORT_GOES_ON_S = 60.0
"""How long the export must go on after a shutdown began for its missing end to count."""


TASK_DESTROYED = re.compile(r"Task was destroyed but it is pending!")
"""asyncio's own line when a task is garbage-collected unfinished: at shutdown, the loop
closed under it (``loop.close()`` after the server stopped); before, nothing held it."""


def _destroyed_pending(logs: list[LogRecord]) -> dict[str, list[LogRecord]]:
    """Per service (or job; ``""`` for plain log files): asyncio's lines saying a pending
    task was destroyed: work the process had accepted and never finished."""
    out: dict[str, list[LogRecord]] = defaultdict(list)
    for r in logs:
        if r.http is None and TASK_DESTROYED.search(r.message):
            out[r.service or r.job].append(r)
    return out


def _cut_at_shutdown(logs: list[LogRecord]) -> dict[str, list[LogRecord]]:
    """Per service: the shutdown lines of instances stopped while background work ran on
    them. uvicorn waits for the app's running tasks before it ends; when the instance is
    gone before it says it finished (Cloud Run kills it 10 s after SIGTERM), those tasks
    died with it. Its graceful-shutdown timeout cancelling them says so outright."""
    by_instance: dict[tuple[str, str], list[LogRecord]] = defaultdict(list)
    last: dict[str, datetime] = {}
    for r in logs:
        if r.timestamp is None or r.http is not None:
            continue
        owner = r.service or r.job
        last[owner] = max(last.get(owner, r.timestamp), r.timestamp)
        if r.instance:
            by_instance[(owner, r.instance)].append(r)
    out: dict[str, list[LogRecord]] = defaultdict(list)
    for (owner, _), lines in sorted(by_instance.items()):
        lines.sort(key=lambda r: r.timestamp or datetime.min)
        for i, line in enumerate(lines):
            assert line.timestamp is not None
            if TASKS_CANCELLED.search(line.message):
                out[owner].append(line)
                break
            if not BACKGROUND_WAIT.search(line.message):
                continue
            if any(SHUTDOWN_DONE.search(later.message) for later in lines[i + 1 :]):
                continue  # the tasks ended and the server finished shutting down
            if (last[owner] - line.timestamp).total_seconds() < EXPORT_GOES_ON_S:
                continue  # the export may simply end before the shutdown did
            out[owner].append(line)
            break
    return out


_KILL_WORDS = {
    PlatformEvent.MEMORY_LIMIT: "was terminated for exceeding its memory limit",
    PlatformEvent.KILLED: "was killed by a signal",
    PlatformEvent.EXIT_ERROR: "exited with an error",
}


def _killed_with_requests(
    logs: list[LogRecord], requests: list[tuple[LogRecord, tuple[datetime, datetime]]]
) -> dict[str, list[tuple[LogRecord, LogRecord]]]:
    """Per service: platform lines saying an instance was killed (memory limit, signal,
    error exit) at a moment when a request on that same instance was still running."""
    out: dict[str, list[tuple[LogRecord, LogRecord]]] = defaultdict(list)
    ends = [
        r
        for r in logs
        if r.timestamp is not None
        and r.instance
        and not r.execution
        and r.http is None
        and platform_event(r.message) in _ABNORMAL_END
    ]
    on: dict[str, list[tuple[LogRecord, tuple[datetime, datetime]]]] = defaultdict(list)
    if ends:
        for req, when in requests:
            on[req.instance].append((req, when))
    for line in ends:
        assert line.timestamp is not None
        for req, (begin, end) in on.get(line.instance, ()):
            if req.service == line.service and begin <= line.timestamp <= end + timedelta(
                seconds=2
            ):
                out[line.service].append((line, req))
                break
    return out


_ABNORMAL_END = frozenset(
    {PlatformEvent.EXIT_ERROR, PlatformEvent.KILLED, PlatformEvent.MEMORY_LIMIT}
)


def _retried_tasks(ev: Evidence, logs: list[LogRecord], grace: float) -> Iterator[Hit]:
    """Job tasks whose container ended abnormally mid-work and ran again.

    Cloud Run labels each task's lines with its attempt number: a crash (signal, non-zero
    exit, memory limit) of attempt N followed by lines of attempt N+1 is the task started
    over, and whatever attempt N had done before the crash is done a second time. An end
    within the first seconds of the execution did no work worth repeating.
    """
    for ex in ev.of(Execution):
        if ex.start_time is None:
            continue
        mine = [r for r in logs if r.execution == ex.name and r.task_attempt is not None]
        later: dict[int | None, int] = defaultdict(int)
        for r in mine:
            later[r.task_index] = max(later[r.task_index], r.task_attempt or 0)
        crashes = [
            r
            for r in mine
            if r.stream == "system"
            and platform_event(r.message) in _ABNORMAL_END
            and (r.task_attempt or 0) < later[r.task_index]
            and r.timestamp is not None
            and r.timestamp > ex.start_time + timedelta(seconds=max(grace, 30))
        ]
        if not crashes:
            continue
        crashes.sort(key=lambda r: (r.task_index or 0, r.task_attempt or 0))
        first = crashes[0]
        assert first.timestamp is not None  # crashes keep only dated lines
        tasks = sorted({r.task_index for r in crashes if r.task_index is not None})
        yield Hit(
            subject=f"executions/{ex.name}",
            summary=(
                f"execution {ex.name} of {ex.job}: task{'s' if len(tasks) != 1 else ''} "
                f"{', '.join(map(str, tasks)) or '?'} ended mid-work "
                f"({shorten(first.message, 80)} at {iso(first.timestamp)}, "
                f"{human_seconds((first.timestamp - ex.start_time).total_seconds())} "
                "into the execution) and ran again from the start: whatever the first attempt "
                "had done was done twice"
                + (" although the execution succeeded" if ex.status == "succeeded" else "")
            ),
            evidence=(
                quote(ex.ref.source, ex.ref.location, f"{ex.name} started {iso(ex.start_time)}"),
                *(log_quote(r) for r in crashes[:3]),
            ),
            fix=Fix(
                text="Find what ended the container (the lines just before: a native crash, "
                "memory, an unhandled error) and make the task resumable: skip items a previous "
                "attempt finished (a checkpoint, or an existence check before each side effect) "
                "so a retry does not repeat uploads, e-mails or charges.",
                commands=(
                    'gcloud logging read \'resource.type="cloud_run_job" AND '
                    f'labels."run.googleapis.com/execution_name"="{ex.name}" AND '
                    'labels."run.googleapis.com/task_attempt">"0"\' --format=json',
                ),
            ),
            confidence=0.85,
        )


def _describe_command(job: str, execs: list[Execution]) -> str:
    """``gcloud run jobs describe``, with ``--region`` when the executions name it."""
    region = next((ex.region for ex in execs if ex.region), "")
    where = f" --region {shlex.quote(region)}" if region else " --region REGION"
    return f"gcloud run jobs describe {shlex.quote(job)}{where} --format=yaml"
