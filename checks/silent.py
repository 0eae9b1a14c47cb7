"""Silent failures: jobs that report success, or fail before their code even runs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from opsdoc.check_helpers import errors_of, iso, log_quote, records_of, shorten
from opsdoc.evidence import Evidence, Execution, JobRecord, LogRecord, Subscription
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.loglines import platform_event
from opsdoc.plugin import check

# rq prints, per job: "[Worker NAME: ]QUEUE: FUNC(ARGS) (JOB_ID)" when it starts,
# "[Worker NAME: ]QUEUE: Job OK (JOB_ID)" when it succeeds, and
# "[Worker NAME: ]job JOB_ID: exception raised while executing (FUNC)" (1.x: "[Job JOB_ID]: ...") or
# "[Worker NAME: ]QUEUE: JOB_ID: EXC" / a traceback when it fails (1.x to 3.x), and
# "[Worker NAME: ]job JOB_ID failed (Work-horse terminated unexpectedly; ...)" (2.x) or
# "Moving job to FailedJobRegistry (Work-horse terminated ...)" (1.x) when the horse died.
_WORKER = r"(?:Worker (?P<worker>[^:\s]+): )?"
# rq's own ids are uuid4 hex; enqueuers may choose any (`job_id="resize-fd89..."`).
_ID = r"(?=[\w.:-]*\d)[\w.:-]{8,}"
# The start line shows the job's description: ``module.func(args)`` by default, any
# text when the enqueuer passed ``description=``.
RQ_START = re.compile(
    _WORKER
    + rf"(?P<queue>[\w.:-]+): (?!.*: Job OK \()(?!Job OK \()(?P<desc>\S.*?) \((?P<id>{_ID})\)\s*$"
)
_FUNC = re.compile(r"(?P<func>[\w.]+)\(")
RQ_LOGGER_PREFIX = re.compile(
    r"^\S*(?:\s\S+)?\s+(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+rq(?:\.\w+)*:\s+"
)
"""What an application's ``logging`` format puts before rq's own words when it configures
logging itself (``%(asctime)s %(levelname)s %(name)s: %(message)s``): the time, the
level and rq's logger name, ``2026-12-01 02:03:01,411 ERROR rq.worker: ``."""


def job_name(description: str) -> str:
    """The job's function from its description, else the description itself."""
    m = _FUNC.match(description)
    return m["func"] if m else description[:80]


RQ_OK = re.compile(_WORKER + rf"(?P<queue>[\w.:-]+): Job OK \((?P<id>{_ID})\)")
RQ_FAILED = re.compile(
    _WORKER
    + rf"(?:\[?[Jj]ob (?P<id>{_ID})\]?: exception raised while executing \((?P<func>[\w.]+)\)|"
    rf"[Jj]ob (?P<id3>{_ID}) failed \(|Moving job to FailedJobRegistry \(|"
    r"(?P<queue>[\w.:-]+): (?P<id2>[0-9a-f-]{8,}): )"
)

# What a worker says when it cannot find the job's function: the enqueuer and the
# worker run different code. rq rewrites some of these (3.x raises ValueError from
# import_attribute), so the mechanism is recognised, not one message.
IMPORT_FAILURE = re.compile(
    r"^(?:ModuleNotFoundError: No module named .+|"
    r"ImportError: cannot import name .+|"
    r"AttributeError: (?:module|'module' object) .*has no attribute .+|"
    r"ValueError: Invalid attribute name: .+|"
    r"KeyError: '[\w]+(?:\.[\w]+)+'|"
    r"(?:rq\.exceptions\.)?DeserializationError: .+)$",
    re.M,
)


def _line_no(rec: LogRecord) -> tuple[str, int]:
    path, _, line = rec.ref.location.rpartition(":")
    return (path, int(line)) if line.isdigit() else (rec.ref.location, 0)


@dataclass
class _RqJob:
    job_id: str
    func: str
    queue: str
    start: LogRecord
    errors: list[LogRecord] = field(default_factory=list)
    lines: list[LogRecord] = field(default_factory=list)
    """Everything the job itself logged while it ran (for warnings that carry failures)."""


_RQ_WORKER_LINE = re.compile(r"\bWorker [^:\s]+: |\*\*\* Listening on |Work horse killed for job ")


def _groups(logs: list[LogRecord]) -> list[list[LogRecord]]:
    """Worker output in the order it was written: per text file by line; everything else
    (Cloud Logging, kubectl exports) per resource by time."""
    by_file: dict[str, list[LogRecord]] = defaultdict(list)
    by_resource: dict[tuple[str, str], list[LogRecord]] = defaultdict(list)
    for rec in logs:
        if rec.stream == "file":
            by_file[_line_no(rec)[0]].append(rec)
        elif rec.timestamp is not None and not rec.http:
            by_resource[(rec.service or rec.job, rec.ref.location.rpartition("#")[0])].append(rec)
    out = [sorted(records, key=lambda r: _line_no(r)[1]) for records in by_file.values()]
    out += [
        sorted(records, key=lambda r: (r.timestamp, _entry_index(r)))
        for records in by_resource.values()
    ]
    return out


def _entry_index(rec: LogRecord) -> int:
    tail = rec.ref.location.rpartition("#")[2]
    return -int(tail) if tail.isdigit() else 0  # gcloud lists newest first


def _joined(errors: list[LogRecord]) -> LogRecord:
    return replace(errors[-1], message="\n".join(e.message for e in errors))


def rq_job_runs(logs: list[LogRecord]) -> Iterator[tuple[_RqJob, str, LogRecord]]:
    """Replay rq worker output: each job with the errors logged while it ran and its outcome.

    Lines without a worker prefix (the job's own logging) belong to the job that
    is running; rq runs one job at a time per worker process. The lines after a
    failure line, up to the worker's next line, are its traceback even when each
    arrived as its own entry (Cloud Logging, timestamped kubectl output).
    """
    for records in _groups(logs):
        open_jobs: dict[str, _RqJob] = {}
        last_worker = ""
        # Several worker processes can write to one journal: a line's process id says
        # whose job its unprefixed lines (tracebacks, the job's own logging) belong to.
        worker_of: dict[str, str] = {}
        failing: tuple[_RqJob, LogRecord, list[str]] | None = None

        def settle() -> Iterator[tuple[_RqJob, str, LogRecord]]:
            nonlocal failing
            if failing is not None:
                job, rec, extra = failing
                message = "\n".join([rec.message, *extra]) if extra else rec.message
                yield job, "failed", replace(rec, message=message)
                failing = None

        for rec in records:
            first_line = rec.message.splitlines()[0] if rec.message else ""
            first_line = RQ_LOGGER_PREFIX.sub("", first_line, count=1)
            if (
                failing is not None
                and rec.instance == failing[1].instance
                and not _RQ_WORKER_LINE.search(first_line)
                and not (
                    RQ_START.search(first_line)
                    or RQ_OK.search(first_line)
                    or RQ_FAILED.search(first_line)
                )
            ):
                failing[2].append(rec.message)
                continue
            yield from settle()
            if m := RQ_START.search(first_line):
                last_worker = m["worker"] or ""
                if rec.instance:
                    worker_of[rec.instance] = last_worker
                unfinished = open_jobs.get(last_worker)
                if unfinished is not None and unfinished.errors:
                    # rq 1.x logs a failing job's traceback and moves on: no failure line.
                    yield unfinished, "failed", _joined(unfinished.errors)
                open_jobs[last_worker] = _RqJob(m["id"], job_name(m["desc"]), m["queue"], rec)
                continue
            if m := RQ_OK.search(first_line):
                job = open_jobs.pop(m["worker"] or "", None)
                if job is not None and job.job_id == m["id"]:
                    yield job, "ok", rec
                continue
            if m := RQ_FAILED.search(first_line):
                job = open_jobs.pop(m["worker"] or "", None)
                if job is not None:
                    if m["func"] and job.func != m["func"]:
                        job.func = m["func"]  # a description hid it; the failure names it
                    failing = (job, rec, [])
                continue
            current = open_jobs.get(worker_of.get(rec.instance, last_worker))
            if current is not None:
                current.lines.append(rec)
                if rec.is_error:
                    current.errors.append(rec)
        yield from settle()
        for job in open_jobs.values():
            if job.errors and any(IMPORT_FAILURE.search(e.message) for e in job.errors):
                yield job, "failed", _joined(job.errors)


@check(
    "E003",
    "Jobs reported successful while their logs hold errors",
    any_of={LogRecord, Execution},
    severity=Severity.ERROR,
)
def silent_failure(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds jobs and executions the platform reports as successful (`Job OK`,
    `Completed: True`) that logged errors while they ran: the work failed, the
    status says it did not.

    For an execution, a WARNING counts as well when it carries a failure: a
    caught exception (a traceback, `SomeError: ...`), an HTTP error status of a
    call (`HTTP/1.1 401 Unauthorized`, `status=503`, `Error code: 429`) or an API
    error type (`authentication_error`, `not_found_error`). Those must dominate
    the run: its summary line says most items failed (`40/40 failed`, `ok=0
    failed=40`), or, with no summary, three or more failed and no line reports an
    item done. A warning the run says was retried, or whose item a later line
    reports without failing, does not count; plain warnings ("still waiting",
    deprecations) never do.

    ## Why is this bad?
    Dashboards stay green, retries never happen, and users get empty results.
    The usual mechanism is job code that catches every exception, logs it and
    carries on (A004), hiding a real fault such as a retired model ID (M001).

    ## Example
    `analyze_script_full` logged 40 `Error code: 404 ... not_found_error` lines,
    then rq printed `Job OK`. A Cloud Run job logged `WARNING brief for case-4100
    failed: Error code: 401 ... authentication_error` for each of its 14 cases,
    then `briefs written: 0 ok, 14 failed`, and the execution succeeded.

    ## Fix safety
    No automatic fix: let the exception propagate (or return a failure status)
    so the job fails visibly, then fix the error itself.

    ## References
    rq job statuses; Cloud Run Jobs execution status.
    """
    logs = ev.of(LogRecord)
    by_func: dict[str, list[tuple[_RqJob, LogRecord]]] = defaultdict(list)
    quiet: list[tuple[_RqJob, LogRecord]] = []
    for job, outcome, end in rq_job_runs(logs):
        if outcome == "ok" and job.errors:
            by_func[job.func].append((job, end))
        elif outcome == "ok":
            quiet.append((job, end))
    warned: dict[str, list[tuple[_RqJob, LogRecord, list[LogRecord]]]] = defaultdict(list)
    for job, end in quiet:
        if job.func not in by_func and (failing := failing_warnings(job.lines)):
            warned[job.func].append((job, end, failing))
    for func, warned_runs in sorted(warned.items()):
        count = sum(len(f) for _, _, f in warned_runs)
        job, end, failing = warned_runs[0]
        yield Hit(
            subject=f"jobs/{func}",
            summary=(
                f"{len(warned_runs)} run(s) of {func} reported success (rq `Job OK`) after "
                f"logging {count} failure(s) at WARNING, e.g. "
                f"{shorten(failing[0].message.splitlines()[0], 160)}"
            ),
            evidence=(log_quote(job.start), log_quote(failing[0]), log_quote(end)),
            fix=_fix(),
            confidence=0.7,
        )
    for func, runs in sorted(by_func.items()):
        errors = sum(len(job.errors) for job, _ in runs)
        job, end = runs[0]
        sample = job.errors[0]
        evidence: list[EvidenceItem] = [log_quote(job.start), log_quote(sample), log_quote(end)]
        yield Hit(
            subject=f"jobs/{func}",
            summary=(
                f"{len(runs)} run(s) of {func} reported success (rq `Job OK`) after logging "
                f"{errors} error(s), e.g. {shorten(sample.message.splitlines()[0], 160)}"
            ),
            evidence=tuple(evidence),
            fix=_fix(),
            confidence=0.9,
        )
    yield from _acked_push_failures(ev, logs)
    for ex in ev.of(Execution):
        if ex.status != "succeeded":
            continue
        records = records_of(ex, logs)
        errs = unhandled(errors_of(ex, logs), context=records)
        found, what, confidence = errs, "error(s)", 0.8
        if not errs:
            found, what, confidence = failing_warnings(records), "failure(s) at WARNING", 0.7
        if not found:
            continue
        yield Hit(
            subject=f"executions/{ex.name}",
            summary=f"execution {ex.name} of {ex.job} succeeded but logged {len(found)} {what}, "
            f"first: {shorten(found[0].message.splitlines()[0], 160)}",
            evidence=(
                quote(
                    ex.ref.source,
                    ex.ref.location,
                    f"{ex.name} succeeded at {iso(ex.completion_time)}",
                ),
                *(log_quote(r) for r in found[:3]),
            ),
            fix=_fix(),
            confidence=confidence,
        )


MIN_ACKED_FAILURES = 3
"""Push deliveries answered 2xx with errors logged during them, before it is a pattern."""
_REQUEST_SLACK = timedelta(seconds=1)


def _acked_push_failures(ev: Evidence, logs: list[LogRecord]) -> Iterator[Hit]:
    """Push deliveries the endpoint acknowledged (2xx) while it logged errors handling them.

    A push subscription's delivery is an HTTP request: any 2xx answer acks the message,
    so Pub/Sub never retries it and its dead-letter topic never sees it. An error the
    handler logged on the same instance while that request ran is a failure the status
    hid, like a job that logs an error and exits 0.
    """
    for sub in ev.of(Subscription):
        if not sub.push_endpoint:
            continue
        path = urlsplit(sub.push_endpoint).path or "/"
        acked = [
            r
            for r in logs
            if r.http is not None
            and r.http.path == path
            and r.http.method.upper() == "POST"
            and r.http.status is not None
            and 200 <= r.http.status < 300
            and r.timestamp is not None
        ]
        if not acked:
            continue
        services = {r.service for r in acked}
        errors = unhandled(
            [
                r
                for r in logs
                if r.http is None
                and r.is_error
                and r.service in services
                and r.timestamp
                # the platform's own lines (an instance killed for memory) are no handler's
                and r.stream != "system"
                and platform_event(r.message) is None
            ]
        )
        spans: dict[str, list[tuple[datetime, datetime, LogRecord]]] = defaultdict(list)
        for r in acked:
            start = r.timestamp or ev.as_of
            end = (
                start + timedelta(seconds=(r.http.latency_s if r.http else 0) or 0) + _REQUEST_SLACK
            )
            spans[r.instance].append((start, end, r))
        failed: dict[int, tuple[LogRecord, LogRecord]] = {}
        for err in errors:
            at = err.timestamp or ev.as_of
            for start, end, req in spans.get(err.instance, ()):
                if start <= at <= end:
                    failed.setdefault(id(req), (req, err))
                    break
        if len(failed) < MIN_ACKED_FAILURES:
            continue
        pairs = sorted(failed.values(), key=lambda p: p[0].timestamp or ev.as_of)
        req, err = pairs[0]
        status = req.http.status if req.http else 204
        dead_letter = (
            f"; its dead-letter topic {sub.dead_letter_topic.rpartition('/')[2]} never "
            "receives them"
            if sub.dead_letter_topic
            else ""
        )
        yield Hit(
            subject=f"subscriptions/{sub.name}",
            summary=(
                f"{len(pairs)} of {len(acked)} push deliveries of {sub.name} to {path} were "
                f"acknowledged (HTTP {status}) while the handler logged an error handling them, "
                f"e.g. {shorten(err.message.splitlines()[0], 160)}: Pub/Sub counts those "
                f"messages delivered and never retries them{dead_letter}"
            ),
            evidence=(
                quote(sub.ref.source, sub.ref.location, f"push endpoint {sub.push_endpoint}"),
                *(q for r, e in pairs[:2] for q in (log_quote(r), log_quote(e))),
            ),
            fix=Fix(
                text="Answer a delivery whose processing failed with an error status (or let "
                "the exception propagate to a 500) so Pub/Sub retries it and, after "
                "max_delivery_attempts, sends it to the dead-letter topic; ack only what was "
                "done or can never succeed.",
                commands=("opsdoc runbook E003",),
            ),
            confidence=0.85,
        )


# Words of an error that was dealt with: retried, handed back for redelivery, or a job
# that rq itself marked failed (visible in its failed registry, so not silent).
_HANDLED = re.compile(
    r"(?i)\bretr(?:y|ying|ied)\b|\bredeliver|\brequeu|\bnack(?:ed)?\b|will be retried|"
    r"backing off|\battempt \d+ ?(?:of\b|/)|exception raised while executing|"
    r"Moving job to .*FailedJobRegistry|[Jj]ob [0-9a-f-]{8,} failed \("
)


def unhandled(
    errors: list[LogRecord], burst_s: float = 2.0, context: Sequence[LogRecord] = ()
) -> list[LogRecord]:
    """Errors that nothing says were dealt with.

    Cloud Run splits a traceback into one entry per line, so errors are taken in
    bursts (lines within ``burst_s`` of each other); a burst with a line saying the
    failure was retried, handed back for redelivery or recorded by rq as a failed
    job is handled, and the execution's success is not a lie about it. That line
    need not read as an error itself (rq prints ``job ...: exception raised while
    executing`` with no level), so ``context``, the other lines of the same run,
    is searched within ``burst_s`` of the burst too.
    """
    out: list[LogRecord] = []
    burst: list[LogRecord] = []
    nearby = [r for r in context if r.timestamp is not None and _HANDLED.search(r.message)]

    def handled_near(first: LogRecord, last: LogRecord) -> bool:
        if first.timestamp is None or last.timestamp is None:
            return False
        margin = timedelta(seconds=burst_s)
        return any(
            first.timestamp - margin <= r.timestamp <= last.timestamp + margin
            for r in nearby
            if r.timestamp is not None
        )

    def close() -> None:
        if (
            burst
            and not any(_HANDLED.search(r.message) for r in burst)
            and not handled_near(burst[0], burst[-1])
        ):
            out.extend(burst)
        burst.clear()

    for rec in errors:
        prev = burst[-1] if burst else None
        if (
            prev is not None
            and rec.timestamp is not None
            and prev.timestamp is not None
            and (rec.timestamp - prev.timestamp).total_seconds() > burst_s
        ):
            close()
        burst.append(rec)
    close()
    return out


# A warning that carries a failure, by what it holds: a caught exception (its traceback, or
# an exception class followed by ":"), an HTTP error status of a call the process made,
# or an API's error type. "still waiting (attempt 9)" or a DeprecationWarning holds none.
_CAUGHT = re.compile(
    r"Traceback \(most recent call last\)|"
    r"(?:^|[\s(\[:'\"])(?:[a-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Timeout|Refused)\b: ",
    re.M,
)
_HTTP_FAILURE = re.compile(
    r"\bHTTP/\d(?:\.\d)? [45]\d\d\b|"
    r"\bError code: [45]\d\d\b|"
    r"\b[45]\d\d (?:Client|Server) Error\b|"  # requests' HTTPError: "401 Client Error: ..."
    r"\b[45]\d\d (?:Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request|Conflict|"
    r"Payment Required|Unprocessable (?:Entity|Content)|Request Timeout|Internal Server Error|"
    r"Bad Gateway|Service Unavailable|Gateway Timeout)\b|"
    r"(?i:\b(?:status|status_code|http_status|statusCode)[\"']?\s*[=:]\s*[\"']?[45]\d\d\b)"
)
_API_ERROR = re.compile(
    r"\b(?:authentication|permission|not_found|rate_limit|invalid_request|overloaded|billing|"
    r"api|request_too_large)_error\b"
)


def carries_failure(message: str) -> bool:
    """Whether a warning reports a failure: a caught exception, an HTTP error status or an
    API error type (a plain warning does not)."""
    head = message[:4000]
    return bool(_CAUGHT.search(head) or _HTTP_FAILURE.search(head) or _API_ERROR.search(head))


_FAIL_WORDS = r"(?:failed|failures?|errors?|errored)"
_OK_WORDS = r"(?:succeeded|successful|successes|success|ok|okay)"
_WORDS = r"(?:[a-z()]+\s+){0,2}?"
_SUMMARY_RATIO = re.compile(rf"(?i)\b(\d+)\s*(?:/|of|out of)\s*(\d+)\s+{_WORDS}{_FAIL_WORDS}\b")
_SUMMARY_KEYED = re.compile(rf"(?i)\b{_FAIL_WORDS}\s*[=:]\s*(\d+)\b")
_SUMMARY_COUNT = re.compile(rf"(?i)\b(\d+)\s+{_WORDS}{_FAIL_WORDS}\b")
_SUMMARY_OK = re.compile(rf"(?i)\b{_OK_WORDS}\s*[=:]\s*(\d+)\b|\b(\d+)\s+{_WORDS}{_OK_WORDS}\b")
_NUMBER = re.compile(r"(?<![\w.:/-])\d+(?![\w.:/-])")
_ITEM_OK = re.compile(
    r"(?i)\b(?:succeeded|successfully|saved|stored|uploaded|written|wrote|indexed|sent|"
    r"processed|exported|imported|summari[sz]ed|completed)\b"
)
_ITEM_KEY = re.compile(r"(?<![\w.-])(?=[\w.:/-]*\d)(?=[\w.:/-]*[A-Za-z_])[\w.:/-]{2,}\w")


def failing_warnings(records: Sequence[LogRecord]) -> list[LogRecord]:
    """Warnings of one run that carry failures, when the failures dominate the run.

    A failure that nothing says was retried (`unhandled`), whose item no later line
    reports again without failing, counts; together they must dominate: the run's
    summary says most items failed (``40/40 failed``, ``ok=0 failed=40``), or, with
    no summary, at least three failed and no line reports an item done.
    """
    warns = [r for r in records if r.severity == "WARNING" and carries_failure(r.message)]
    if not warns:
        return []
    recovered = _recovery_test(records, warns)
    failing = [w for w in unhandled(warns, context=records) if not recovered(w)]
    if not failing:
        return []
    others = [
        r
        for r in records
        if r.stream != "system"
        and not carries_failure(r.message)
        and not _HANDLED.search(r.message)
    ]
    summary = _summary(others)
    if summary is not None:
        failed, total = summary
        return failing if failed > 0 and (total is None or failed * 2 > total) else []
    if len(failing) < 3:
        return []
    if any(_ITEM_OK.search(r.message) for r in others if r.severity not in _LOUD):
        return []
    return failing


_LOUD = frozenset({"WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"})


def _summary(records: Sequence[LogRecord]) -> tuple[int, int | None] | None:
    """Failed and total items from the last line that counts failures, if any."""
    for rec in reversed(records):
        line = rec.message.splitlines()[0] if rec.message else ""
        if m := _SUMMARY_RATIO.search(line):
            return int(m.group(1)), int(m.group(2))
        m = _SUMMARY_KEYED.search(line) or _SUMMARY_COUNT.search(line)
        if not m:
            continue
        failed = int(m.group(1))
        ok = _SUMMARY_OK.search(line)
        if ok:
            return failed, failed + int(ok.group(1) or ok.group(2))
        numbers = [int(n) for n in _NUMBER.findall(line)]
        if failed in numbers:
            numbers.remove(failed)
        return failed, (numbers[0] if len(numbers) == 1 and numbers[0] >= failed else None)
    return None


def _recovery_test(
    records: Sequence[LogRecord], warns: Sequence[LogRecord]
) -> Callable[[LogRecord], bool]:
    """Whether a later line names a failed item (an id, a file name) without failing: a
    retry of the same item that worked. Words every failure shares (a model name) name no
    item. Each line is read once, so a run of thousands of failures costs no more than
    reading it (a pairwise search did not finish in time on 2,400 failed items)."""
    common: set[str] = set()
    if len(warns) > 1:
        common = set.intersection(*(set(_ITEM_KEY.findall(w.message)) for w in warns))
    skip = _NOT_KEY_SET | common
    last_ok: dict[str, datetime] = {}
    for rec in records:
        if rec.timestamp is None or rec.severity in _LOUD or carries_failure(rec.message):
            continue
        for key in _ITEM_KEY.findall(rec.message):
            seen = last_ok.get(key)
            if seen is None or rec.timestamp > seen:
                last_ok[key] = rec.timestamp

    def recovered(warn: LogRecord) -> bool:
        at = warn.timestamp
        if at is None:
            return False
        return any(
            (ok := last_ok.get(key)) is not None and ok > at
            for key in set(_ITEM_KEY.findall(warn.message)) - skip
        )

    return recovered


_NOT_KEY_SET = frozenset(_ITEM_KEY.findall("HTTP/1.1 HTTP/2 HTTP/1.0 utf-8 sha256 base64"))


def _fix() -> Fix:
    return Fix(
        text="Let failures fail: re-raise (or raise a summary error after the loop) instead of "
        "logging and continuing, so the job is marked failed and retried or dead-lettered. Then "
        "fix the error the logs show.",
        commands=("opsdoc runbook E003",),
    )


@check(
    "E004",
    "Jobs fail at import: the worker runs other code than the enqueuer",
    any_of={LogRecord, JobRecord},
    severity=Severity.ERROR,
    root_cause=True,
)
def import_mismatch(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Finds queued jobs that fail before their function runs because the worker
    cannot import it: `ModuleNotFoundError`, `AttributeError: module ... has no
    attribute`, rq 3's `ValueError: Invalid attribute name`, a `KeyError` on the
    dotted function name.

    ## Why is this bad?
    The enqueuer references code the worker does not have: a worker started
    before a deploy, a different image, a renamed function, or a job enqueued
    by a newer release. Every such job fails, and restarts "fix" it until the
    next deploy.

    ## Example
    `job 46632d23: exception raised while executing (app.tasks.analyze_script)` /
    `ValueError: Invalid attribute name: analyze_script`.

    ## Fix safety
    No automatic fix. Deploy workers and enqueuers from the same release and
    restart workers on deploy; keep old function names as aliases while jobs
    referencing them are still queued.

    ## References
    rq `Job.func` / `import_attribute`.
    """
    by_func: dict[str, list[tuple[EvidenceItem, str]]] = defaultdict(list)
    for job, outcome, end in rq_job_runs(ev.of(LogRecord)):
        if outcome != "failed":
            continue
        if raised := IMPORT_FAILURE.findall(end.message):
            # The last one is what was raised (earlier ones are its context).
            by_func[job.func].append((log_quote(end), raised[-1]))
    for rec in ev.of(JobRecord):
        if rec.status == "failed" and (m := IMPORT_FAILURE.search(rec.exc_summary)):
            by_func[rec.func].append(
                (
                    quote(
                        rec.ref.source,
                        rec.ref.location,
                        f"job {rec.job_id} {rec.func}: {rec.exc_summary}",
                    ),
                    m.group(0),
                )
            )
    enqueued: dict[str, list] = defaultdict(list)
    for site in ev.code("enqueue"):
        enqueued[site.attr("func")].append(site)
    for func, items in sorted(by_func.items()):
        reason = items[0][1]
        module, _, name = func.rpartition(".")
        summary = (
            f"{len(items)} job(s) calling {func} failed before running: the worker could not load "
            f"it ({reason})."
        )
        sites = enqueued.get(func, [])
        defined = {s.attr("defined") for s in sites}
        if "true" in defined:
            summary += (
                f" This code enqueues it at {sites[0].where} and defines it, so the workers run an "
                "older release than the enqueuer: redeploy or restart them"
            )
        elif "false" in defined:
            summary += (
                f" This code enqueues it at {sites[0].where}, but {module} defines no {name}: "
                "a renamed or removed function, or a typo in the enqueue call"
            )
        else:
            summary += f" The worker runs other code than the enqueuer (check that {module} defines it in the worker's image)"
        site_quotes = tuple(quote("code", s.where, s.snippet) for s in sites[:2])
        yield Hit(
            subject=f"jobs/{func}",
            summary=summary,
            evidence=(*site_quotes, *(item for item, _ in items[:3])),
            fix=Fix(
                text=(
                    f"Fix the enqueue call or restore {name} (keep the old name as an alias while "
                    "queued jobs still reference it), then requeue the failed jobs."
                    if "false" in defined and "true" not in defined
                    else "Restart or redeploy the workers from the same release as the code that "
                    "enqueues, then requeue the failed jobs."
                ),
                commands=(
                    "rq info --url $REDIS_URL",
                    "rq requeue --all --queue QUEUE --url $REDIS_URL",
                ),
            ),
            confidence=0.85,
            explains=(f"E001:jobs/{func}*",),
        )
