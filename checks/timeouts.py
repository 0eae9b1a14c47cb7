"""Timeout mismatches: work whose shape does not fit the time the platform gives it."""

from __future__ import annotations

import json
import re
import shlex
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

from opsdoc.check_helpers import (
    REQUEST_TIMEOUT_LINE,
    handler_for,
    human_seconds,
    iso,
    log_quote,
    split_csv,
)
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    Execution,
    JobConfig,
    LogRecord,
    ServiceConfig,
    Subscription,
)
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity, quote
from opsdoc.plugin import check

_MECHANISM_WORDS = {
    "future-result": "blocks on a streaming-pull future's `.result()` with no timeout",
    "consume-loop": "loops forever on a consume call with no exit when the queue is empty",
    "rq-work-forever": "starts an RQ worker without burst mode, so it listens forever",
    "run-forever": "waits on something that never completes (run_forever, signal.pause, "
    "an event nothing sets, a future nothing resolves)",
    "future-poll": "polls a streaming-pull future (`while future.running()`), which keeps "
    "running until cancelled",
    "sleep-loop": "sleeps in a loop nothing ends (no break, return or exit, and no stop flag "
    "anything sets)",
}


def _job_regions(ev: Evidence) -> dict[str, str]:
    """Cloud Run Job name -> its region, from job configs and executions."""
    out: dict[str, str] = {}
    for job in ev.of(JobConfig):
        if job.region:
            out.setdefault(job.name, job.region)
    for ex in ev.of(Execution):
        if ex.job and ex.region:
            out.setdefault(ex.job, ex.region)
    return out


def _job_contexts(ev: Evidence) -> list[tuple[str, str, EvidenceItem]]:
    """(job name, entry path or "", evidence) for every sign of a run-to-completion deployment."""
    out: list[tuple[str, str, EvidenceItem]] = []
    for job in ev.of(JobConfig):
        timeout = human_seconds(job.task_timeout_s) if job.task_timeout_s else "default"
        text = f"Cloud Run Job {job.name}: task timeout {timeout}, image {job.image}"
        out.append((job.name, "", quote(job.ref.source, job.ref.location, text)))
    seen_jobs = {name for name, _, _ in out}
    for ex in ev.of(Execution):
        if ex.job and ex.job not in seen_jobs:
            seen_jobs.add(ex.job)
            out.append(
                (
                    ex.job,
                    "",
                    quote(
                        ex.ref.source,
                        ex.ref.location,
                        f"execution {ex.name} of Cloud Run Job {ex.job}",
                    ),
                )
            )
    for site in ev.code("job-context"):
        how = " ".join(filter(None, (site.attr("mechanism"), site.attr("verb"))))
        name = site.attr("job")
        text = f"deployed as a run-to-completion job ({how})" + (f": {name}" if name else "")
        # a file that reads CLOUD_RUN_JOB itself is code the job runs
        entry = site.attr("entry") or (site.path if site.attr("mechanism") == "env" else "")
        out.append((name, entry, quote("code", site.where, text)))
    return out


def _image_name(text: str) -> str:
    """``registry/path/oss-fuzz-worker:tag`` and the folder ``oss_fuzz_worker`` agree."""
    last = text.rsplit("/", 1)[-1].split("@")[0].split(":")[0]
    return last.lower().replace("_", "-")


def _job_images(ev: Evidence) -> set[str]:
    """The image names the project's jobs run (manifests and exported job configs)."""
    images = {_image_name(s.attr("image")) for s in ev.code("job-context") if s.attr("image")}
    return images | {_image_name(job.image) for job in ev.of(JobConfig) if job.image}


def _images_no_job_names(ev: Evidence) -> set[str]:
    """In a project that builds several images, the folders of those no job names by
    image: a job may still run one under another name, so this only makes it unsure."""
    builds = [s.attr("dir") for s in ev.code("image-build")]
    if len(builds) < 2:
        return set()
    images = _job_images(ev)
    return {home for home in builds if home and _image_name(home) not in images}


def _images_no_job_runs(ev: Evidence, unnamed: set[str]) -> set[str]:
    """Of the ``unnamed`` image folders, those no job can be running at all: every job
    names its image, and every image a job names is built from a folder we can name.
    Code built into them runs in another workload."""
    if not unnamed:
        return set()
    jobs = list(ev.code("job-context"))
    named = {s.attr("job") for s in jobs if s.attr("image")}
    if any(
        not s.attr("entry") and not s.attr("command") and s.attr("job") not in named for s in jobs
    ) or any(not job.image for job in ev.of(JobConfig)):
        return set()  # a job of unknown image: it may run any of them
    folders = {_image_name(s.attr("dir")) for s in ev.code("image-build") if s.attr("dir")}
    if _job_images(ev) - folders:
        return set()  # a job's image is built from no folder we can name: it may be any
    return unnamed


def _in_scope(scope: str, path: str) -> bool:
    """A job whose manifest sits in project ``scope`` runs that project's code only."""
    return not scope or path.startswith(scope + "/")


def _image_of(path: str, folders: set[str]) -> str:
    """The innermost of ``folders`` that holds ``path`` ('' when none does)."""
    inside = [f for f in folders if path.startswith(f + "/")]
    return max(inside, key=len) if inside else ""


_KUBERNETES = {"k8s-cronjob": "Kubernetes CronJob", "k8s-job": "Kubernetes Job"}


def _job_platforms(ev: Evidence) -> dict[str, str]:
    """Job name -> what runs it, for jobs Kubernetes runs: the kill, the advice and the
    commands differ from Cloud Run's (activeDeadlineSeconds, kubectl)."""
    out: dict[str, str] = {}
    for site in ev.code("job-context"):
        label = _KUBERNETES.get(site.attr("mechanism"))
        if label and site.attr("job"):
            out.setdefault(site.attr("job"), label)
    return out


_RUNS_PYTHON = re.compile(
    r"(?i)python|\.py\b|(?:^|,)-m(?:,|$)|gunicorn|uvicorn|hypercorn|daphne|celery|\brq\b|rqworker"
    r"|manage\.py|\bflask\b|django|dramatiq|\barq\b|huey|\buv\b|poetry|pipenv|\bpdm\b|hatch"
)


def _other_programs(ev: Evidence) -> set[str]:
    """Jobs whose manifest runs another program: a command or arguments that name no
    Python interpreter, runner or script (a vendored ingress controller's
    ``create --host=...`` certificate job). They run none of this project's modules."""
    runs_python: set[str] = set()
    other: set[str] = set()
    for site in ev.code("job-context"):
        name = site.attr("job")
        argv = ",".join(filter(None, (site.attr("command"), site.attr("args"))))
        if not name:
            continue
        if argv and not site.attr("entry") and not _RUNS_PYTHON.search(argv):
            other.add(name)
        else:
            runs_python.add(name)
    return other - runs_python - {job.name for job in ev.of(JobConfig)}


def _with_entries(
    contexts: list[tuple[str, str, EvidenceItem]], ev: Evidence
) -> list[tuple[str, str, EvidenceItem]]:
    """Job configs give their entry point from their command and args when nothing else did."""
    commands = {job.name: _python_entry((*job.command, *job.args)) for job in ev.of(JobConfig)}
    known = {name: entry for name, entry, _ in contexts if name and entry}
    return [
        (name, entry or known.get(name, "") or commands.get(name, ""), item)
        for name, entry, item in contexts
    ]


def _python_entry(argv: tuple[str, ...]) -> str:
    """The Python file a container command runs (``python -m pkg.mod`` or ``python x.py``)."""
    for i, arg in enumerate(argv):
        if arg == "-m" and i + 1 < len(argv):
            return argv[i + 1].replace(".", "/") + ".py"
        if arg.endswith(".py"):
            return arg.lstrip("./")
    return ""


def _same_file(entry: str, path: str) -> bool:
    """A deploy's entry (maybe a container path) names the project file ``path``."""
    if not entry:
        return False
    entry = entry.lstrip("/")
    package_main = entry.removesuffix(".py") + "/__main__.py"
    return any(
        e == path or e.endswith("/" + path) or path.endswith("/" + e) for e in (entry, package_main)
    )


def _job_running(
    contexts: list[tuple[str, str, EvidenceItem]], path: str
) -> tuple[list[tuple[str, str, EvidenceItem]], str, bool]:
    """The contexts that run ``path``, the job's name, and whether that is unsure.

    A deploy step whose entry point is this file, with every other sign of the same
    job, is the evidence. With no entry point known anywhere, every context may run it.
    When the contexts that name an entry point all name other files, none of them is
    quoted as this file's job (a neighbouring step of the same workflow is not it).
    """
    direct = [c for c in contexts if _same_file(c[1], path)]
    if direct:
        names = {name for name, _, _ in direct if name}
        job = next((name for name, _, _ in direct if name), "")
        return [c for c in contexts if c in direct or (c[0] and c[0] in names)], job, False
    if not any(entry for _, entry, _ in contexts):
        job = next((name for name, _, _ in contexts if name), "")
        return contexts, job, False
    unknown = [c for c in contexts if not c[1]]
    return unknown, "", True


_RQ_WORKER = re.compile(r"(?:^|\s|/)rq\s+worker\b")


def _config_blocking_sites(ev: Evidence) -> Iterator[tuple[str, str, EvidenceItem]]:
    """Jobs whose container command itself listens forever (``rq worker`` without ``--burst``)."""
    for job in ev.of(JobConfig):
        argv = " ".join(shlex.quote(a) for a in (*job.command, *job.args))
        if _RQ_WORKER.search(argv) and not re.search(r"(?:^|\s)(?:--burst|-b)\b", argv):
            yield job.name, argv, quote(job.ref.source, job.ref.location, f"command: {argv}")


@check(
    "T001",
    "Job worker blocks forever waiting for messages",
    any_of={CodeSite, JobConfig},
    severity=Severity.ERROR,
    root_cause=True,
)
def job_blocks_forever(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags a worker that waits forever for messages (a streaming-pull future's
    `.result()` with no timeout or `while future.running(): sleep`, a `while True`
    consume loop with no exit on an empty queue, a keep-alive loop that only
    sleeps, a stop event nothing sets, `signal.pause()`, `asyncio.Event().wait()`,
    `rq worker` without `--burst`, `run_forever()`) when the code runs as a Cloud
    Run Job or any other run-to-completion context.

    The job quoted as evidence is the one whose command runs the flagged file (a
    deploy step's `--args`/`--command`, the image's `CMD`, a job config's command,
    a file that reads `CLOUD_RUN_JOB` itself; for a Kubernetes Job with no command,
    an env value that is a Python command line, `RUN_CMD: "python3 run_cron.py"`,
    which the image's start script runs). When the project's jobs all run other
    files, the finding says that none of them runs this file directly, at
    warning, and quotes no neighbouring deploy step; it says nothing when the file
    is a program of its own (`if __name__ == "__main__":`), which those jobs do not
    start. A wait in a function that only ever runs as a daemon thread's target
    does not hold the process and is not reported.

    ## Why is this bad?
    A job's task ends only when its process exits. A worker built for a
    long-running service never exits, so every execution runs until the task
    timeout kills it and is reported as failed, whether or not there was work.
    Jobs look "stuck", cost a full timeout each, and real failures hide among the
    timeouts.

    ## Example
    ```python
    future = subscriber.subscribe(path, callback=handle)
    future.result()  # returns only on error: the job never finishes
    ```
    Use instead a synchronous pull with a timeout that exits when the
    subscription is empty, or deploy the worker as a Cloud Run service:
    ```python
    while True:
        resp = subscriber.pull(request={"subscription": path, "max_messages": 10}, timeout=30)
        if not resp.received_messages:
            break
    ```

    ## Fix safety
    No automatic fix: choosing between "drain and exit" and "run as a service"
    is a design decision. The runbook shows both.

    ## References
    Cloud Run Jobs task timeout; Pub/Sub synchronous pull; RQ burst mode.
    """
    contexts = _with_entries(_job_contexts(ev), ev)
    timed_out = [ex for ex in ev.of(Execution) if ex.timed_out]
    timeout_proof = [
        quote(
            ex.ref.source,
            ex.ref.location,
            f"execution {ex.name} ran {human_seconds(ex.duration.total_seconds()) if ex.duration else '?'}"
            f" and was killed: {ex.message}",
        )
        for ex in sorted(timed_out, key=lambda e: e.start_time or ev.as_of, reverse=True)[:3]
    ]
    severity = Severity.CRITICAL if timed_out else Severity.ERROR
    regions = _job_regions(ev)
    platforms = _job_platforms(ev)

    def fix_for(job: str) -> Fix:
        if job in platforms:
            return Fix(
                text=(
                    "Make the job drain and exit: pull with a timeout, process what is there, "
                    "and exit 0 when the pull comes back empty or a maximum runtime is "
                    "reached. Or, if the worker must listen continuously, run it as a "
                    "Deployment instead of a Job."
                ),
                commands=(
                    "kubectl get jobs --sort-by=.status.startTime",
                    "opsdoc runbook T001",
                ),
            )
        region = regions.get(job, "")
        return Fix(
            text=(
                "Make the job drain and exit: pull with a timeout, process what is there, and "
                "exit 0 when the pull comes back empty or a maximum runtime is reached. Or, if "
                "the worker must listen continuously, deploy it as a Cloud Run service (min "
                "instances >= 1, CPU always allocated) instead of a job."
            ),
            commands=(
                f"gcloud run jobs executions list --job {shlex.quote(job) if job else 'JOB'} "
                f"--region {shlex.quote(region) if region else 'REGION'} --format=json",
                "opsdoc runbook T001",
            ),
        )

    for job, argv, item in _config_blocking_sites(ev):
        fix = fix_for(job)
        yield Hit(
            subject=f"jobs/{job}",
            summary=f"Cloud Run Job {job} runs `{argv}`, which listens forever: each task "
            "runs until the task timeout kills it",
            evidence=(item, *timeout_proof),
            fix=fix,
            confidence=0.9 if timed_out else 0.75,
            severity=severity,
            explains=("E002:*", "E001:jobs/*/TaskTimeout"),
        )
    if not contexts:
        return  # waiting forever is correct for a long-running service
    other_programs = _other_programs(ev)
    python_contexts = [c for c in contexts if c[0] not in other_programs]
    served = [s.attr("entry") for s in ev.code("long-running") if s.attr("entry")]
    other_images = _images_no_job_names(ev)
    unrun = _images_no_job_runs(ev, other_images)
    served_images = {
        home
        for home in other_images
        if any(_image_name(s.attr("image")) == _image_name(home) for s in ev.code("long-running"))
    }
    scopes = {s.where: s.attr("scope") for s in ev.code("job-context") if s.attr("scope")}
    for site in ev.code("blocking-wait"):
        candidates = python_contexts if site.path.endswith(".py") else contexts
        candidates = [
            c
            for c in candidates
            if _in_scope(scopes.get(c[2].ref, ""), site.path) or _same_file(c[1], site.path)
        ]
        if not candidates:
            continue  # every job runs another program, or deploys another project
        direct = any(_same_file(entry, site.path) for _, entry, _ in candidates)
        if _image_of(site.path, unrun | served_images) and not direct:
            continue  # built into an image no job runs, or that a Deployment keeps running
        if any(_same_file(entry, site.path) for entry in served) and not any(
            _same_file(entry, site.path) for _, entry, _ in candidates
        ):
            continue  # a Deployment runs this file: listening forever is its job
        runs, job, unsure = _job_running(candidates, site.path)
        if not unsure and _image_of(site.path, other_images) and not direct:
            unsure, job = True, ""  # built into an image no job names: not known to run it
        if unsure and not runs and not site.path.endswith(".py"):
            continue  # every job sets its own command: none runs this image's or unit's one
        if unsure and not runs and site.attr("program") == "true":
            continue  # a program of its own (`__main__`), and every job runs another one
        # A job whose entry point is another module makes this site a weaker suspect.
        confidence = 0.55 if unsure else 0.9 if timed_out else 0.75
        where = f"{platforms.get(job, 'Cloud Run Job')} {job}" if job else "a run-to-completion job"
        fix = fix_for(job)
        what = _MECHANISM_WORDS.get(site.attr("mechanism"), "waits forever for work")
        summary = f"{site.function or site.path} {what}, but runs as {where}"
        if unsure:
            entries = sorted({entry for _, entry, _ in contexts if entry})
            image = _image_of(site.path, other_images)
            # unsure means a job names an entry point, or the image rule applied: with no
            # entry point, the image is known
            how_known = (
                f"their entry points: {', '.join(entries)}"
                if entries
                else f"none names the image built from {image}/"
            )
            summary = (
                f"{site.function or site.path} {what}, in a project that deploys "
                f"run-to-completion jobs; none of them runs this file directly ({how_known}), "
                "so whether one reaches it is not known: if it does, the task never exits "
                "and is killed at its timeout"
            )
        elif job in platforms:
            summary += (
                ": the pod never exits, so each run lasts until its activeDeadlineSeconds "
                "kills it (or forever without one) and later runs overlap or are skipped"
            )
        else:
            summary += ": the task never exits and is killed at its timeout"
        proof = timeout_proof if not unsure else []
        if timed_out and not unsure:
            summary += f" ({len(timed_out)} execution(s) ended that way)"
        yield Hit(
            subject=site.where,
            summary=summary,
            evidence=(
                quote("code", site.where, site.snippet),
                *(item for _, _, item in runs[:2]),
                *proof,
            ),
            fix=fix,
            confidence=confidence,
            severity=(
                severity if confidence >= 0.7 else Severity.WARNING if timed_out else Severity.INFO
            ),
            explains=("E002:*", "E001:jobs/*/TaskTimeout"),
        )


PUBSUB_DEFAULT_ACK_S = 10.0
"""A subscription created without ``--ack-deadline`` waits 10 s for each push."""


def _push_deadlines(ev: Evidence) -> dict[str, float]:
    """Path of each push endpoint the exported subscriptions name -> its ack deadline:
    Pub/Sub calls that route itself and waits that long, with no load balancer between."""
    out: dict[str, float] = {}
    for sub in ev.of(Subscription):
        if sub.push_endpoint:
            path = urlsplit(sub.push_endpoint).path or "/"
            deadline = sub.ack_deadline_s or PUBSUB_DEFAULT_ACK_S
            out[path] = min(out.get(path, deadline), deadline)
    return out


WORKER_TIMEOUT_LINE = re.compile(r"WORKER TIMEOUT \(pid:(?P<pid>\d+)\)")
"""gunicorn's arbiter killing a worker whose request outlived ``--timeout``."""
ABORTED_REQUEST_LINE = re.compile(r"Error handling request (?P<method>[A-Z]+) (?P<path>/\S*)")
"""What the killed sync worker logs for the request it was serving (SIGABRT handler)."""
ABORT_WINDOW_S = 5.0


def _aborted_requests(ev: Evidence) -> dict[tuple[str, str, str], list[LogRecord]]:
    """Requests gunicorn killed at its worker timeout: ``WORKER TIMEOUT (pid:8)`` from the
    arbiter, then ``[8] Error handling request POST /path`` from that worker within a few
    seconds. Keyed like `_request_groups`; the value is the worker's line."""
    logs = [r for r in ev.of(LogRecord) if r.timestamp is not None]
    kills = [(r, m.group("pid")) for r in logs if (m := WORKER_TIMEOUT_LINE.search(r.message))]
    out: dict[tuple[str, str, str], list[LogRecord]] = defaultdict(list)
    for kill, pid in kills:
        assert kill.timestamp is not None
        for r in logs:
            assert r.timestamp is not None
            seconds = (r.timestamp - kill.timestamp).total_seconds()
            if r.instance != pid or not 0 <= seconds <= ABORT_WINDOW_S:
                continue
            aborted = ABORTED_REQUEST_LINE.search(r.message)
            if aborted is not None:
                out[(r.service, aborted.group("method"), aborted.group("path"))].append(r)
                break
    return out


GUNICORN_WORKER_LINE = re.compile(r"Using worker: (?P<cls>\S+)")


def _gunicorn_workers(ev: Evidence) -> set[str]:
    """gunicorn's worker classes as its start-up lines name them (``sync``,
    ``uvicorn.workers.UvicornWorker``): an async worker's timeout means a blocked loop."""
    return {
        m.group("cls")
        for r in ev.of(LogRecord)
        if (m := GUNICORN_WORKER_LINE.search(r.message)) is not None
    }


def _request_groups(ev: Evidence) -> dict[tuple[str, str, str], list[LogRecord]]:
    groups: dict[tuple[str, str, str], list[LogRecord]] = defaultdict(list)
    for rec in ev.of(LogRecord):
        if rec.http is not None and rec.http.latency_s is not None:
            path = rec.http.path or rec.http.url
            groups[(rec.service, rec.http.method.upper(), path)].append(rec)
    return groups


@check(
    "T002",
    "Request handler does long work synchronously",
    any_of={LogRecord, CodeSite},
    severity=Severity.ERROR,
    root_cause=True,
)
def long_synchronous_request(ev: Evidence) -> Iterator[Hit]:
    """## What it does
    Flags HTTP requests whose observed latency reaches the service's request
    timeout or a typical load-balancer/client timeout (60-120 s; for the endpoint
    of an exported Pub/Sub push subscription, the subscription's ack deadline, since
    Pub/Sub calls it directly), and names the handler that does the long work inline. Without request logs, it flags
    handlers that synchronously run known-long operations (subprocesses,
    sleeps, waits without timeout, model calls in loops).

    ## Why is this bad?
    Clients and load balancers give up long before the work ends; Cloud Run
    cuts the request at its timeout and may recycle the instance, losing the
    work half-done. Retries then start the same work again (duplicates, "stale
    job" errors).

    ## Example
    ```python
    @router.post("/assemble")
    async def assemble(req: Request):
        return create_episode(await req.json())  # 75-110 s of audio processing
    ```
    Use instead: validate, enqueue the work (RQ, Cloud Tasks, Pub/Sub or a Cloud
    Run Job), return 202 with a status URL.

    ## Fix safety
    No automatic fix. Beware the tempting half-fix: a background thread on a Cloud
    Run service with CPU throttling (the default) is starved once the response is
    sent (T005).

    ## References
    Cloud Run request timeout (default 300 s, max 3600 s).
    """
    lb_timeout = float(ev.setting("lb_timeout_s", 60.0))
    ratio = float(ev.setting("request_timeout_ratio", 0.9))
    services = {s.name: s for s in ev.of(ServiceConfig)}
    handlers = list(ev.code("http-handler"))
    killed_by_platform: dict[str, list[LogRecord]] = defaultdict(list)
    for rec in ev.of(LogRecord):
        if REQUEST_TIMEOUT_LINE.search(rec.message):
            killed_by_platform[rec.service].append(rec)
    reported_handlers: set[str] = set()
    groups = _by_route(_request_groups(ev), handlers)
    aborted = _by_route(_aborted_requests(ev), handlers)
    workers = _gunicorn_workers(ev) if aborted else set()
    for key in aborted:
        groups.setdefault(key, [])
    starved = _starved_services(groups, handlers, lb_timeout)
    pushed = _push_deadlines(ev)
    for (service, method, path), recs in sorted(groups.items()):
        killed = aborted.get((service, method, path), [])
        cfg = services.get(service)
        limit = cfg.request_timeout_s if cfg and cfg.request_timeout_s else 300.0
        # Pub/Sub pushes straight to the service: the caller's timeout is the ack deadline
        client_limit, client = (
            (pushed[path], "push ack deadline")
            if method.upper() == "POST" and path in pushed
            else (lb_timeout, "typical load balancer")
        )
        slow = [
            r
            for r in recs
            if ((r.http and r.http.latency_s) or 0) >= min(client_limit, limit * ratio)
        ]
        if not slow and not killed:
            continue
        slow.sort(key=lambda r: -(r.http.latency_s if r.http and r.http.latency_s else 0))
        # the longest request; a killed one's access line says ~0 s, so it never is
        worst = max((r.http.latency_s or 0.0 for r in recs if r.http), default=0.0)
        at_limit = [r for r in slow if r.http and (r.http.latency_s or 0) >= limit * ratio]
        severity = (
            Severity.CRITICAL
            if at_limit or killed or killed_by_platform.get(service)
            else Severity.ERROR
        )
        handler = handler_for(handlers, method, path)
        evidence = [
            quote(r.ref.source, r.ref.location, f"{iso(r.timestamp)} {r.message.splitlines()[0]}")
            for r in killed[:2]
        ] + [log_quote(r) for r in slow[:3]]
        evidence += [log_quote(r) for r in killed_by_platform.get(service, [])[:1]]
        if cfg:
            evidence.append(
                quote(
                    cfg.ref.source,
                    cfg.ref.location,
                    f"service {cfg.name}: request timeout {human_seconds(limit)}, "
                    f"CPU {'throttled outside requests' if cfg.cpu_throttling else 'always allocated'}",
                )
            )
        label = f"{method} {path}"
        idle_handler = False
        if handler is not None:
            reported_handlers.add(handler.where)
            evidence.insert(0, quote("code", handler.where, handler.snippet))
            calls = split_csv(handler.attr("calls"))
            long_work = split_csv(handler.attr("long_work"))
            subject = handler.where
            if long_work or (calls and service not in starved):
                inline = f" inline ({', '.join((long_work or calls)[:3])})"
                who = f"handler {handler.function or label} does its work{inline}"
            elif killed and workers <= {"sync"}:
                # a sync worker serves one request at a time: the time was the handler's own
                who = f"handler {handler.function or label} does its work inside the request"
                if workers:
                    who += (
                        ", and a sync worker serves one request at a time, so the time was its own"
                    )
            else:
                # The handler itself is trivial: the time went elsewhere (a starved event
                # loop, a saturated instance). Report it, but not as the cause.
                idle_handler = True
                who = (
                    f"handler {handler.function or label} does no long work itself, so the "
                    "requests waited on something else (a blocked event loop, a saturated instance)"
                )
        else:
            subject = f"services/{service or 'unknown'}/{label}"
            who = "the handler does its work inside the request"
        if killed:
            took = f", and those that finished took up to {human_seconds(worst)}" if worst else ""
            summary = (
                f"{len(killed)} request(s) to {label} on {service or 'the service'} were killed "
                f"at gunicorn's worker timeout (`WORKER TIMEOUT`){took}: {who}"
            )
        else:
            summary = (
                f"{len(slow)} request(s) to {label} on {service or 'the service'} took up to "
                f"{human_seconds(worst)} (request timeout {human_seconds(limit)}, {client} "
                f"{human_seconds(client_limit)}): {who}"
            )
        yield Hit(
            subject=subject,
            summary=summary,
            evidence=tuple(evidence),
            fix=_t002_fix(service, cfg),
            confidence=0.5 if idle_handler else 0.9 if handler else 0.75,
            severity=Severity.ERROR if idle_handler else severity,
            root_cause=False if idle_handler else None,
            explains=() if idle_handler else (f"E005:services/{service}*",),
        )
    for site in handlers:
        long_work = split_csv(site.attr("long_work"))
        if not long_work or site.attr("offloads") or site.where in reported_handlers:
            continue
        unbounded = [kind for kind in long_work if kind in _UNBOUNDED_WORK]
        yield Hit(
            subject=site.where,
            summary=(
                f"handler {site.function} ({site.attr('method')} {site.attr('route')}) runs "
                f"{', '.join(long_work)} inside the request: "
                + (
                    "nothing bounds how long that takes, so requests can outlive client and "
                    "load-balancer timeouts"
                    if unbounded
                    else "if that work grows past a client or load-balancer timeout, the "
                    "request fails (no request log shows it happening)"
                )
            ),
            evidence=(quote("code", site.where, site.snippet),),
            fix=_t002_fix("", None),
            confidence=0.5,
            severity=Severity.WARNING if unbounded else Severity.INFO,
        )


_UNBOUNDED_WORK = frozenset({"future-result", "join", "wait", "http-in-loop", "media"})
"""Work in a handler that nothing bounds: a wait with no timeout, one HTTP call per item
of a collection, or media transcoding (its time grows with the file). A subprocess, a sleep or one model call inside a request is the normal
shape of many endpoints (a diagram render, a chat completion, a test route); only request
logs showing it near a timeout make it a finding above info."""


def _by_route(
    groups: dict[tuple[str, str, str], list[LogRecord]], handlers: list[CodeSite]
) -> dict[tuple[str, str, str], list[LogRecord]]:
    """Requests grouped by the route template that served them (``/items/{id}``), when known."""
    out: dict[tuple[str, str, str], list[LogRecord]] = defaultdict(list)
    for (service, method, path), recs in groups.items():
        handler = handler_for(handlers, method, path)
        route = handler.attr("route").split(",")[0] if handler is not None else path
        out[(service, method, route or path)].extend(recs)
    return out


def _starved_services(
    groups: dict[tuple[str, str, str], list[LogRecord]], handlers: list[CodeSite], threshold: float
) -> set[str]:
    """Services where a handler that does nothing at all was slow too.

    When a trivial endpoint takes as long as the heavy one, the time is not spent
    in the handlers: the instance or its event loop was starved (see A001), and
    blaming each handler would be wrong.
    """
    starved: set[str] = set()
    for (service, method, path), recs in groups.items():
        if not any(((r.http and r.http.latency_s) or 0) >= threshold / 2 for r in recs):
            continue
        handler = handler_for(handlers, method, path)
        if handler is not None and not handler.attr("long_work") and not handler.attr("calls"):
            starved.add(service)
    return starved


def _t002_fix(service: str, cfg: ServiceConfig | None) -> Fix:
    commands = []
    name = service or "SERVICE"
    commands.append(
        "gcloud logging read "
        + shlex.quote(
            'resource.type="cloud_run_revision" AND '
            f'resource.labels.service_name={json.dumps(name)} AND httpRequest.latency>"30s"'
        )
        + " --limit 50 --format=json"
    )
    text = (
        "Return quickly (202 Accepted with a status URL) and hand the work to something built for "
        "long work: a queue consumed by a worker (RQ, Pub/Sub), Cloud Tasks with a long dispatch "
        "deadline, or a Cloud Run Job. Raising the request timeout only moves the cliff."
    )
    if cfg is None or cfg.cpu_throttling:
        text += (
            " Do not just move the work to a background thread: with CPU throttling (the Cloud Run "
            "default) it is starved once the response is sent (T005)."
        )
    return Fix(text=text, commands=tuple(commands))
