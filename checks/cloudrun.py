"""Cloud Run service behaviour: CPU outside requests, and where application logs go."""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from collections.abc import Iterator

from opsdoc.evidence import CodeSite, Evidence, LogRecord, LogSummary, ServiceConfig
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.loglines import is_server_line
from opsdoc.plugin import check

_MECHANISM_WORDS = {
    "thread": "a background thread",
    "create_task": "an asyncio task",
    "ensure_future": "an asyncio task",
    "background_tasks": "a BackgroundTasks task",
    "executor": "an executor job",
}
CLOUD_RUN_SERVICE = "cloud_run_revision"


def _cloud_run_seen(ev: Evidence) -> EvidenceItem | None:
    """Any sign that the code serves on Cloud Run, from logs."""
    for summary in ev.of(LogSummary):
        if summary.resource_type == CLOUD_RUN_SERVICE:
            text = (
                f"Cloud Run service {summary.resource}: {summary.entries} {summary.stream} entries"
            )
            return quote(summary.ref.source, summary.ref.location, text)
    for rec in ev.of(LogRecord):
        if rec.resource_type == CLOUD_RUN_SERVICE:
            return quote(rec.ref.source, rec.ref.location, f"Cloud Run service {rec.service} log")
    return None


def _throttling(ev: Evidence, path: str = "") -> tuple[bool, list[EvidenceItem]] | None:
    """(known, evidence) of CPU throttling, or None when CPU is always allocated or no service is evident.

    With ``path``, a deploy config in the code counts only for the project it sits in
    (its ``scope``): in a repository of many projects, another one's Cloud Run service
    says nothing about where this file runs."""
    services = ev.of(ServiceConfig)
    if services:
        throttled = [s for s in services if s.cpu_throttling]
        if not throttled:
            return None
        items = [
            quote(
                s.ref.source,
                s.ref.location,
                f"service {s.name}: CPU throttled outside requests (no cpu-throttling: false), "
                f"min instances {s.min_scale if s.min_scale is not None else 0}",
            )
            for s in throttled[:2]
        ]
        return len(throttled) == len(services), items
    contexts = [
        c
        for c in ev.code("service-context")
        if not path or not c.attr("scope") or path.startswith(c.attr("scope") + "/")
    ]
    if contexts:
        values = {c.attr("cpu_throttling") for c in contexts}
        if values == {"false"}:
            return None
        items = [
            quote(
                "code",
                c.where,
                f"{c.snippet} (cpu throttling: {c.attr('cpu_throttling') or 'default, on'})",
            )
            for c in contexts[:2]
        ]
        return values == {"true"}, items
    seen = _cloud_run_seen(ev)
    if seen is None:
        return None
    return False, [seen]


@check(
    "T005",
    "Work continues after the response on a CPU-throttled service",
    needs={CodeSite},
    severity=Severity.ERROR,
    root_cause=True,
)
def work_after_response(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags request handlers that start work which outlives the response (a
    `threading.Thread`, `asyncio.create_task`, FastAPI/Starlette `BackgroundTasks`,
    an executor job that is not waited for) when the code runs as a Cloud Run
    service whose CPU is only allocated during requests (the default). Error when
    the service configuration says so; warning when it is only the likely default.

    ## Why is this bad?
    With CPU throttling, Cloud Run gives an instance CPU only while a request is
    in flight. After the response the background work crawls or freezes, resumes
    when the next request happens to arrive, and is killed when the idle instance
    is shut down: jobs stuck "processing", steps taking hours.

    ## Example
    ```python
    @router.post("/start")
    async def start(req: Request):
        asyncio.create_task(run_workflow(job_id))
        return {"job_id": job_id}
    ```
    Use instead: enqueue the work (RQ, Pub/Sub, Cloud Tasks) or start a Cloud Run
    Job execution; or, if it must stay in the service,
    `gcloud run services update SVC --no-cpu-throttling --min-instances=1`.

    ## Fix safety
    No automatic fix; `--no-cpu-throttling` changes billing (instance-based).

    ## References
    Cloud Run: CPU allocation (billing settings) and "background activity".
    """
    started = [s for s in ev.code("background-work") if s.attr("after_response") == "true"]
    if not started:
        return
    for site in started:
        state = _throttling(ev, site.path)
        if state is None:
            continue
        known, items = state
        what = _MECHANISM_WORDS.get(site.attr("mechanism"), "background work")
        handler = site.attr("handler")
        yield Hit(
            subject=site.where,
            summary=f"handler {handler} starts {what} that keeps running after the response, "
            "on a Cloud Run service whose CPU is "
            + ("throttled outside requests" if known else "likely throttled outside requests")
            + ": the work is starved of CPU and can be killed with the idle instance",
            evidence=(quote("code", site.where, site.snippet), *items),
            fix=Fix(
                text="Move the work to a queue consumed by a worker (RQ, Pub/Sub, Cloud Tasks) or "
                "a Cloud Run Job. If it must stay in the service, allocate CPU outside requests "
                "and keep an instance up, and handle SIGTERM.",
                commands=(
                    "gcloud run services describe SERVICE --region REGION --format=yaml",
                    "gcloud run services update SERVICE --region REGION --no-cpu-throttling "
                    "--min-instances=1",
                ),
            ),
            confidence=0.85 if known else 0.6,
            severity=Severity.ERROR if known else Severity.WARNING,
            explains=("E005:services/*/shutdown", "E005:services/*/tasks-destroyed"),
        )


FEW_APP_LINES_PER_REQUEST = 0.02
"""Below this many application lines per request, a service's own logs do not arrive:
a banner or a stray print is not application logging."""
MISCONFIGURED = frozenset({"file-handler", "no-stream-handler", "disabled", "unconfigured"})
_KIND_WORDS = {
    "file-handler": "writes logs to a file inside the container",
    "no-stream-handler": "configures a logger that reaches no stdout/stderr handler",
    "disabled": "disables logging",
    "unconfigured": "logs at INFO but never configures logging (only WARNING and above reach "
    "stderr through logging.lastResort)",
}


def _logging_problems(ev: Evidence) -> list[CodeSite]:
    """Code facts that send application logs nowhere Cloud Logging can see."""
    facts = list(ev.code("logging-config"))
    console = any(f.attr("kind") in ("stream-handler", "cloud-logging") for f in facts)
    out = []
    for f in facts:
        kind = f.attr("kind")
        if kind not in MISCONFIGURED:
            continue
        if kind == "file-handler" and console:
            continue  # logs go to a file and to the console
        out.append(f)
    return out


def _deployed_on_cloud_run(ev: Evidence) -> bool:
    return bool(
        ev.of(ServiceConfig)
        or any(True for _ in ev.code("service-context"))
        or _cloud_run_seen(ev) is not None
    )


@check(
    "L001",
    "Application logs missing from Cloud Logging",
    any_of={CodeSite, LogSummary},
    severity=Severity.ERROR,
    root_cause=True,
)
def app_logs_missing(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a Cloud Run service whose log export holds request logs but no
    application lines on stdout/stderr (only server start-up and access lines),
    together with the code that explains it: a `FileHandler` (or
    `basicConfig(filename=...)`), a logger with `propagate = False` and no stream
    handler, `logging.disable`, a dict config that silences existing loggers, or
    logging never configured while the code logs at INFO. Without a log export,
    the code facts alone are reported when the code is deployed to Cloud Run.

    ## Why is this bad?
    Cloud Run collects only what the container writes to stdout and stderr. Logs
    written to a file vanish with the instance; logs never configured lose every
    INFO line. Every other diagnosis then starts without evidence.

    ## Example
    ```python
    handler = RotatingFileHandler("/tmp/app.log")
    logging.getLogger().addHandler(handler)
    ```
    Use instead:
    ```python
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    # or: google.cloud.logging.Client().setup_logging()
    # or: one JSON object per line on stdout (structured logging)
    ```

    ## Fix safety
    No automatic fix; where logs should go is a deployment decision.

    ## References
    Cloud Run: "Logging and viewing logs" (stdout/stderr are collected);
    Python `logging.lastResort`; Cloud Logging Python client `setup_logging`.
    """
    problems = _logging_problems(ev)
    if any(
        s.resource_type == CLOUD_RUN_SERVICE and s.stream == "requests" for s in ev.of(LogSummary)
    ):
        # what Cloud Logging actually holds outranks what the code suggests
        yield from _export_hits(ev, problems)
        return
    # A file handler only a caller's path or an unset variable turns on is not shown to
    # be in use by the code alone.
    problems = [p for p in problems if not p.attr("opt_in")]
    if not problems or not _deployed_on_cloud_run(ev):
        return
    yield from _code_hits(problems, Severity.WARNING, "")


def _code_hits(problems: list[CodeSite], severity: Severity, seen: str) -> Iterator[Hit]:
    """What the code does with its logs, when the export cannot settle it."""
    for site in problems:
        summary = (
            f"{site.function or site.path} {_KIND_WORDS[site.attr('kind')]} "
            f"({site.attr('handler')}): on Cloud Run these lines never reach Cloud Logging"
        )
        if seen:
            summary += f" ({seen} application line(s), so some output does arrive)"
        yield Hit(
            subject=site.where,
            summary=summary,
            evidence=(quote("code", site.where, site.snippet),),
            fix=_fix(""),
            confidence=0.6,
            severity=severity,
        )


def _export_hits(ev: Evidence, problems: list[CodeSite]) -> Iterator[Hit]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    refs: dict[str, LogSummary] = {}
    sampled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in ev.of(LogSummary):
        if s.resource_type == CLOUD_RUN_SERVICE and not s.execution:
            counts[s.resource][s.stream] += s.entries
            refs.setdefault(s.resource, s)
            if s.stream in ("stdout", "stderr") and s.sampled:
                sampled[s.resource][0] += s.sampled
                sampled[s.resource][1] += s.server_sampled
    for service, streams in sorted(counts.items()):
        requests = streams.get("requests", 0)
        console = streams.get("stdout", 0) + streams.get("stderr", 0)
        if requests == 0:
            continue
        lines = [
            r for r in ev.of(LogRecord) if r.service == service and r.stream in ("stdout", "stderr")
        ]
        app_lines = [r for r in lines if not is_server_line(r.message)]
        # Exports keep a sample of ordinary lines; the entries not kept can be access
        # lines (about one per request) or application lines. More unkept entries
        # than requests cannot all be access lines.
        seen, server_seen = sampled[service]
        if seen:
            # The reader classified a sample of every console entry, kept or not.
            app_estimate = round(console * (seen - server_seen) / seen)
        else:
            unkept = console - len(lines)
            app_estimate = len(app_lines) + max(0, unkept - requests)
        few = app_estimate <= max(2.0, FEW_APP_LINES_PER_REQUEST * requests)
        if console and not (problems and few):
            if app_estimate < requests:
                yield from _code_hits(problems, Severity.INFO, f"{service} logs {app_estimate}")
            continue
        summary_ref = refs[service]
        what = (
            "no stdout/stderr entries at all"
            if console == 0
            else f"{console} stdout/stderr entries, all server start-up or access lines"
            if not app_estimate
            else f"{console} stdout/stderr entries, all but {app_estimate} of them server "
            "start-up or access lines"
        )
        evidence = [
            quote(
                summary_ref.ref.source,
                summary_ref.ref.location,
                f"service {service}: {requests} request log entries, {what}",
            ),
            *(quote("code", p.where, p.snippet) for p in problems[:3]),
        ]
        cause = f": the code {_KIND_WORDS[problems[0].attr('kind')]}" if problems else ""
        yield Hit(
            subject=f"services/{service}",
            summary=f"Cloud Logging has {requests} request log entries for {service} but {what}; "
            f"the application's own logs never arrive{cause}",
            evidence=tuple(evidence),
            fix=_fix(service),
            confidence=0.85 if problems else 0.55,
            severity=Severity.ERROR if problems else Severity.WARNING,
        )


def _fix(service: str) -> Fix:
    name = service or "SERVICE"
    return Fix(
        text="Log to stdout/stderr: `logging.basicConfig(level=logging.INFO, stream=sys.stdout)` "
        "at start-up (before the server configures its own loggers), or attach the Cloud "
        "Logging handler with `google.cloud.logging.Client().setup_logging()`, or print one JSON "
        "object per line with `severity` and `message` fields (structured logging). Remove file "
        "handlers; keep `disable_existing_loggers: False` in dict configs.",
        commands=(
            "gcloud logging read "
            + shlex.quote(
                'resource.type="cloud_run_revision" AND '
                f'resource.labels.service_name={json.dumps(name)} AND log_id("run.googleapis.com/stdout")'
            )
            + " --limit 20 --format=json",
        ),
    )
