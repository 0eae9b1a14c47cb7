"""Edge controls for T001 and T002: the guards the first controls left unpinned.

T001's reading of the project's images (which folders a job's image is built from,
which no job can run, which a Deployment keeps running), its project scopes, the jobs
that run another program, and the loop that skips a wait and goes on to the next one;
T002's route grouping, push deadlines and the zero-latency fallbacks. As in
``test_controls_timeouts.py``, every record is built in-process and each test holds
only the records its guard reads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.timeouts import job_blocks_forever, long_synchronous_request
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    Execution,
    HttpInfo,
    JobConfig,
    LogRecord,
    Record,
    Ref,
    ServiceConfig,
    Subscription,
)
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
EXPLAINS = ("E002:*", "E001:jobs/*/TaskTimeout")
REGISTRY = "europe-docker.pkg.dev/media/app"


# -- builders (as in test_controls_timeouts.py) -------------------------------------------------


def run(*records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(job_blocks_forever.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def site(
    fact: str, path: str, line: int, snippet: str, function: str = "", **attrs: str
) -> CodeSite:
    return CodeSite(
        ref=Ref("code", f"{path}:{line}"),
        kind=fact,
        path=path,
        line=line,
        snippet=snippet,
        function=function,
        attrs=tuple(sorted(attrs.items())),
    )


def wait(path: str = "worker/main.py", line: int = 42, **attrs: str) -> CodeSite:
    return site(
        "blocking-wait",
        path,
        line,
        "future.result()",
        "consume",
        mechanism="future-result",
        **attrs,
    )


WORDS = "blocks on a streaming-pull future's `.result()` with no timeout"


def ctx(
    path: str, line: int, job_name: str = "", mechanism: str = "gcloud", **attrs: str
) -> CodeSite:
    """A job-context fact: a deploy step (or manifest) of a run-to-completion job."""
    if job_name:
        attrs["job"] = job_name
    return site(
        "job-context",
        path,
        line,
        "gcloud run jobs deploy",
        mechanism=mechanism,
        verb="jobs deploy",
        **attrs,
    )


def ctx_item(path: str, line: int, job_name: str = "", mechanism: str = "gcloud") -> EvidenceItem:
    return EvidenceItem(
        "code",
        f"{path}:{line}",
        f"deployed as a run-to-completion job ({mechanism} jobs deploy)"
        + (f": {job_name}" if job_name else ""),
    )


def build(folder: str) -> CodeSite:
    """An image built from ``folder`` (its Dockerfile)."""
    return site("image-build", f"{folder}/Dockerfile", 1, "FROM python:3.12-slim", dir=folder)


def served(**attrs: str) -> CodeSite:
    """A long-running workload (a Deployment) and what it runs."""
    return site("long-running", "k8s/deploy.yaml", 2, "kind: Deployment", **attrs)


def job_config(name: str, *argv: str, image: str = "img", region: str = "") -> JobConfig:
    return JobConfig(
        Ref("exports", f"{name}.yaml"),
        name,
        600,
        image=image,
        command=argv[:1],
        args=argv[1:],
        region=region,
    )


def fix(job_name: str = "", region: str = "") -> Fix:
    return Fix(
        text=(
            "Make the job drain and exit: pull with a timeout, process what is there, and "
            "exit 0 when the pull comes back empty or a maximum runtime is reached. Or, if "
            "the worker must listen continuously, deploy it as a Cloud Run service (min "
            "instances >= 1, CPU always allocated) instead of a job."
        ),
        commands=(
            f"gcloud run jobs executions list --job {job_name or 'JOB'} "
            f"--region {region or 'REGION'} --format=json",
            "opsdoc runbook T001",
        ),
    )


def sure_hit(path: str, line: int, job_name: str, *runs: EvidenceItem) -> Hit:
    """T001 on a wait the job ``job_name`` runs (no execution timed out)."""
    return Hit(
        subject=f"{path}:{line}",
        summary=f"consume {WORDS}, but runs as Cloud Run Job {job_name}: the task never "
        "exits and is killed at its timeout",
        evidence=(EvidenceItem("code", f"{path}:{line}", "future.result()"), *runs),
        fix=fix(job_name),
        confidence=0.75,
        severity=Severity.ERROR,
        explains=EXPLAINS,
    )


def unsure_hit(path: str, line: int, how_known: str, *runs: EvidenceItem) -> Hit:
    """T001 on a wait no job is known to run (no execution timed out: a lead only)."""
    return Hit(
        subject=f"{path}:{line}",
        summary=f"consume {WORDS}, in a project that deploys run-to-completion jobs; none of "
        f"them runs this file directly ({how_known}), so whether one reaches it is not known: "
        "if it does, the task never exits and is killed at its timeout",
        evidence=(EvidenceItem("code", f"{path}:{line}", "future.result()"), *runs),
        fix=fix(""),
        confidence=0.55,
        severity=Severity.INFO,
        explains=EXPLAINS,
    )


# -- which images a job runs ---------------------------------------------------------------------

# Three images; the two jobs name theirs by digest only and by tag only, from the registry.
INGEST = ctx("deploy.sh", 3, "ingest", image=f"{REGISTRY}/ingest-job@sha256:0abc")
REPORT = ctx("deploy.sh", 9, "report", image=f"{REGISTRY}/report-job:2.0")
BUILDS = (build("worker"), build("jobs/ingest_job"), build("jobs/report_job"))
IN_INGEST = wait("jobs/ingest_job/main.py", 7)


def test_a_wait_built_into_an_image_no_job_runs_is_skipped_and_the_next_wait_is_judged() -> None:
    """Every job names its image, and each image a job names is built from a folder we
    know (``ingest-job@sha256:...`` from ``jobs/ingest_job``, ``report-job:2.0`` from
    ``jobs/report_job``: the last path segment, without digest or tag, ``_`` as ``-``).
    So the image built from ``worker/`` runs in no job: its wait is some service's.
    The wait in the ingest job's own folder, judged next, is the job's."""
    hits = run(*BUILDS, INGEST, REPORT, wait(), IN_INGEST)
    assert hits == [
        sure_hit(
            "jobs/ingest_job/main.py",
            7,
            "ingest",
            ctx_item("deploy.sh", 3, "ingest"),
            ctx_item("deploy.sh", 9, "report"),
        )
    ]


def test_a_job_image_named_by_a_job_config_is_built_from_its_folder() -> None:
    """The same reading when the job config (not a manifest) names the image."""
    ingest = job_config("ingest", image=f"{REGISTRY}/ingest-job:1.4")
    config_item = EvidenceItem(
        "exports",
        "ingest.yaml",
        f"Cloud Run Job ingest: task timeout 10 min, image {REGISTRY}/ingest-job:1.4",
    )
    assert run(build("worker"), build("jobs/ingest_job"), ingest, wait(), IN_INGEST) == [
        sure_hit("jobs/ingest_job/main.py", 7, "ingest", config_item)
    ]
    # near miss: a job config that names no image may run the worker image too
    unknown = job_config("report", image="")
    report_item = EvidenceItem(
        "exports", "report.yaml", "Cloud Run Job report: task timeout 10 min, image"
    )
    assert run(build("worker"), build("jobs/ingest_job"), ingest, unknown, wait(), IN_INGEST) == [
        unsure_hit(
            "worker/main.py",
            42,
            "none names the image built from worker/",
            config_item,
            report_item,
        ),
        sure_hit("jobs/ingest_job/main.py", 7, "ingest", config_item, report_item),
    ]


def test_a_job_of_unknown_image_may_run_any_image_so_the_wait_is_only_unsure() -> None:
    """A deploy step that names no image, no entry point and no command, of a job no
    other step names the image of, may run the worker image: the wait there is
    reported, but as not known to run (no job named in the fix)."""
    report = ctx("deploy.sh", 9, "report")
    hits = run(build("worker"), build("jobs/ingest_job"), INGEST, report, wait())
    assert hits == [
        unsure_hit(
            "worker/main.py",
            42,
            "none names the image built from worker/",
            ctx_item("deploy.sh", 3, "ingest"),
            ctx_item("deploy.sh", 9, "report"),
        )
    ]


def test_an_imageless_step_of_a_job_another_step_names_the_image_of_runs_that_image() -> None:
    """Near miss of the test above: the step without image belongs to ``ingest``, whose
    image another step names, so every job's image is still known."""
    ingest_again = ctx("cloudbuild.yaml", 8, "ingest")
    assert run(build("worker"), build("jobs/ingest_job"), INGEST, ingest_again, wait()) == []


@pytest.mark.parametrize(
    "attrs",
    [
        {"entry": "report/main.py"},  # runs a file of its own
        {"command": "python,report.py"},  # runs a command of its own
    ],
)
def test_an_imageless_step_that_sets_what_it_runs_cannot_run_the_worker_image(
    attrs: dict[str, str],
) -> None:
    """A step without image but with its own entry point or command does not run the
    worker image's command: that image is still run by no job."""
    report = ctx("deploy.sh", 9, "report", **attrs)
    assert run(build("worker"), build("jobs/ingest_job"), INGEST, report, wait()) == []


def test_a_wait_in_an_image_a_deployment_runs_is_the_deployments() -> None:
    """With a job of unknown image the worker image may be a job's (the test above), but
    a Deployment that runs ``worker:3.1`` keeps it running: listening forever is its job."""
    report = ctx("deploy.sh", 9, "report")
    deployment = served(image=f"{REGISTRY}/worker:3.1")
    assert run(build("worker"), build("jobs/ingest_job"), INGEST, report, deployment, wait()) == []
    # near miss: the Deployment runs another image
    other = served(image=f"{REGISTRY}/frontend:3.1")
    assert [
        h.subject
        for h in run(build("worker"), build("jobs/ingest_job"), INGEST, report, other, wait())
    ] == ["worker/main.py:42"]


def test_a_job_that_runs_the_file_itself_is_sure_inside_an_image_no_job_names() -> None:
    """The ingest job's entry point is the worker's file: the wait is its, whatever the
    image reading says about the worker folder."""
    ingest = ctx("deploy.sh", 3, "ingest", image=f"{REGISTRY}/ingest-job:1", entry="worker/main.py")
    assert run(build("worker"), build("jobs/ingest_job"), ingest, wait()) == [
        sure_hit("worker/main.py", 42, "ingest", ctx_item("deploy.sh", 3, "ingest"))
    ]


def test_an_image_folder_is_matched_in_lower_case_only() -> None:
    """``straße`` lowercased is not ``strasse`` (only uppercasing folds ß to SS): the
    folder is not the image the job names, so the wait in it is unsure."""
    ingest = ctx("deploy.sh", 3, "ingest", image=f"{REGISTRY}/strasse:1")
    hits = run(build("worker"), build("jobs/straße"), ingest, wait("jobs/straße/main.py", 7))
    assert hits == [
        unsure_hit(
            "jobs/straße/main.py",
            7,
            "none names the image built from jobs/straße/",
            ctx_item("deploy.sh", 3, "ingest"),
        )
    ]


# -- Deployments, project scopes and other programs ---------------------------------------------


def test_a_file_a_deployment_runs_is_skipped_and_the_next_wait_is_judged() -> None:
    """A Deployment runs ``worker/main.py``: listening forever is its job, unless a job
    runs that file too. The wait judged after the skipped one is still reported."""
    deploy = ctx("deploy.sh", 3, "ingest")
    deployment = served(entry="worker/main.py")
    loop = wait("worker/loop.py", 5)
    assert run(deploy, deployment, wait(), loop) == [
        sure_hit("worker/loop.py", 5, "ingest", ctx_item("deploy.sh", 3, "ingest"))
    ]
    # near miss: a job runs the same file too, so its wait is that job's
    runs_it = ctx("deploy.sh", 3, "ingest", entry="worker/main.py")
    assert run(runs_it, deployment, wait()) == [
        sure_hit("worker/main.py", 42, "ingest", ctx_item("deploy.sh", 3, "ingest"))
    ]


def test_a_wait_outside_the_jobs_project_is_skipped_and_the_next_wait_is_judged() -> None:
    """A job whose manifest sits in project ``svc`` runs ``svc/`` code only: the worker's
    wait has no candidate job, the next wait (in ``svc/``) has."""
    deploy = ctx("svc/deploy.sh", 3, "svc-job", scope="svc")
    assert run(deploy, wait(), wait("svc/main.py", 5)) == [
        sure_hit("svc/main.py", 5, "svc-job", ctx_item("svc/deploy.sh", 3, "svc-job"))
    ]


def test_a_jobs_entry_point_reaches_outside_its_project_scope() -> None:
    """Near miss of the scope rule: the job names the worker's file as its entry point."""
    deploy = ctx("svc/deploy.sh", 3, "svc-job", scope="svc", entry="worker/main.py")
    assert run(deploy, wait()) == [
        sure_hit("worker/main.py", 42, "svc-job", ctx_item("svc/deploy.sh", 3, "svc-job"))
    ]


RQ_IN_DOCKERFILE = site(
    "blocking-wait", "Dockerfile", 4, 'CMD ["rq", "worker"]', mechanism="rq-work-forever"
)


def test_a_job_that_runs_another_program_may_still_run_the_images_own_command() -> None:
    """A vendored job runs no Python module of the project, but a wait that is no Python
    file (the image's ``CMD``) is judged against every job."""
    certgen = ctx("k8s/jobs.yaml", 2, "certgen", command="create", args="--host=x")
    assert run(certgen, RQ_IN_DOCKERFILE) == [
        Hit(
            subject="Dockerfile:4",
            summary="Dockerfile starts an RQ worker without burst mode, so it listens forever, "
            "but runs as Cloud Run Job certgen: the task never exits and is killed at its timeout",
            evidence=(
                EvidenceItem("code", "Dockerfile:4", 'CMD ["rq", "worker"]'),
                ctx_item("k8s/jobs.yaml", 2, "certgen"),
            ),
            fix=fix("certgen"),
            confidence=0.75,
            severity=Severity.ERROR,
            explains=EXPLAINS,
        )
    ]
    assert run(certgen, wait()) == []


def test_a_python_module_run_by_dash_m_in_the_args_is_python() -> None:
    """``exec`` with arguments ``-m worker.main``: the ``-m`` is matched as its own
    argument of the comma-joined command line, so the job runs Python."""
    deploy = ctx("deploy.sh", 3, "ingest", command="exec", args="-m,worker.main")
    assert [h.subject for h in run(deploy, wait())] == ["worker/main.py:42"]


def test_a_step_without_a_job_name_does_not_end_the_reading_of_other_programs() -> None:
    """An unnamed step is passed over, not the end of the list: the vendored job after it
    is still another program, and the wait is the unnamed step's."""
    unnamed = ctx("deploy.sh", 1)
    certgen = ctx("k8s/jobs.yaml", 2, "certgen", command="create", args="--host=x")
    [hit] = run(unnamed, certgen, wait())
    assert hit.summary.startswith(f"consume {WORDS}, but runs as a run-to-completion job:")
    assert hit.evidence[1:] == (ctx_item("deploy.sh", 1),)
    assert hit.fix == fix("")


def test_a_step_that_names_the_entry_point_runs_python_whatever_its_command() -> None:
    """A wrapper command (no Python in its name) with a Python entry point known runs
    Python: only a command with no entry point at all makes another program."""
    deploy = ctx(
        "deploy.sh", 3, "ingest", command="/usr/local/bin/entrypoint", entry="worker/main.py"
    )
    assert run(deploy, wait()) == [
        sure_hit("worker/main.py", 42, "ingest", ctx_item("deploy.sh", 3, "ingest"))
    ]


def test_a_job_that_runs_python_in_one_step_is_no_other_program() -> None:
    """A job is another program only when none of its steps runs Python."""
    vendored = ctx("k8s/jobs.yaml", 2, "certgen", command="create")
    python = ctx("k8s/jobs.yaml", 20, "certgen", command="python,-m,worker.main")
    assert [h.subject for h in run(vendored, python, wait())] == ["worker/main.py:42"]


def test_a_job_config_of_the_same_name_is_no_other_program() -> None:
    """A job config of the job runs its own command (here ``python worker/main.py``)."""
    vendored = ctx("k8s/jobs.yaml", 2, "certgen", command="create")
    config = job_config("certgen", "python", "worker/main.py")
    [hit] = run(vendored, config, wait())
    assert (hit.subject, hit.confidence) == ("worker/main.py:42", 0.75)


# -- the loop's other skips and entry points ---------------------------------------------------


def test_an_image_command_no_job_runs_is_skipped_and_the_next_wait_is_judged() -> None:
    """Every job sets its own entry point (another file): the image's own ``CMD`` is run
    by none, while a Python file may still be imported by one."""
    deploy = ctx("deploy.sh", 3, "ingest", entry="worker/other.py")
    assert run(deploy, RQ_IN_DOCKERFILE, wait()) == [
        unsure_hit("worker/main.py", 42, "their entry points: worker/other.py")
    ]


def test_a_program_of_its_own_is_skipped_and_the_next_wait_is_judged() -> None:
    """``worker/cli.py`` is a program of its own (``__main__``) that no job runs; the
    wait after it is judged as usual."""
    deploy = ctx("deploy.sh", 3, "ingest", entry="worker/other.py")
    cli = wait("worker/cli.py", 9, program="true")
    assert run(deploy, cli, wait()) == [
        unsure_hit("worker/main.py", 42, "their entry points: worker/other.py")
    ]


def test_an_unnamed_step_takes_no_entry_point_from_another_unnamed_one() -> None:
    """The file that reads CLOUD_RUN_JOB is an entry point of no named job: it gives the
    unnamed deploy step no entry, which stays a step that may run the wait."""
    env = ctx("worker/other.py", 5, mechanism="env")
    deploy = ctx("deploy.sh", 1)
    assert run(env, deploy, wait()) == [
        unsure_hit(
            "worker/main.py", 42, "their entry points: worker/other.py", ctx_item("deploy.sh", 1)
        )
    ]


def test_an_execution_without_a_job_name_gives_no_region() -> None:
    """The region of an execution is the region of its job: with no job name it is
    nobody's, and the fix for the unnamed step keeps the REGION placeholder."""
    nameless = replace(
        Execution(
            Ref("exports", "executions.json#x-1"),
            "x-1",
            "",
            T0,
            T0 + timedelta(minutes=10),
            "succeeded",
        ),
        region="us-east1",
    )
    [hit] = run(ctx("deploy.sh", 1), nameless, wait())
    assert hit.fix == fix("", "")


@pytest.mark.parametrize(
    ("entry", "path"),
    [
        ("/main.py", "worker/main.py"),  # an image path at the root: the project's main.py
        ("Xporter/main.py", "Xporter/main.py"),  # only `/` is stripped, not other letters
    ],
)
def test_an_entry_point_names_the_file_from_the_image_root(entry: str, path: str) -> None:
    """The scanner may give an entry point as an image path (leading ``/``)."""
    deploy = ctx("deploy.sh", 3, "ingest", entry=entry)
    assert run(deploy, wait(path)) == [
        sure_hit(path, 42, "ingest", ctx_item("deploy.sh", 3, "ingest"))
    ]


# -- T002 ---------------------------------------------------------------------------------------


def t002(*records: Record, **settings: float) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.settings.update(settings)
    ev.add(records)
    return list(long_synchronous_request.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def req(
    latency: float | None, path: str = "/export", *, method: str = "POST", index: int = 0
) -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=T0 + timedelta(minutes=index),
        severity="INFO",
        message=f"{method} {path}",
        service="api",
        http=HttpInfo(method=method, path=path, status=200, latency_s=latency),
    )


def handler(
    route: str = "/export", function: str = "export", line: int = 10, **attrs: str
) -> CodeSite:
    return site(
        "http-handler",
        "api/views.py",
        line,
        f"def {function}():",
        function,
        route=route,
        method=attrs.pop("method", "POST"),
        **attrs,
    )


def subscription(name: str, push: str, deadline: float) -> Subscription:
    return Subscription(
        Ref("exports", f"{name}.yaml"), name, ack_deadline_s=deadline, push_endpoint=push
    )


def test_t002_a_push_endpoint_without_a_path_is_the_root() -> None:
    """Pub/Sub pushes to ``https://host`` as ``POST /``: its ack deadline (20 s) is the
    caller's limit there, not the load balancer's 60 s."""
    sub = subscription("events", "https://api-xyz.a.run.app", 20)
    [hit] = t002(sub, req(25.0, "/"))
    assert hit.summary == (
        "1 request(s) to POST / on api took up to 25 s (request timeout 5 min, push ack "
        "deadline 20 s): the handler does its work inside the request"
    )


def test_t002_the_shortest_ack_deadline_of_one_endpoint_is_the_callers_limit() -> None:
    """Two subscriptions push to one path: the first to give up (20 s, not 40 s) counts."""
    short = subscription("events", "https://api-xyz.a.run.app/push", 20)
    long = subscription("events-slow", "https://api-xyz.a.run.app/push", 40)
    [hit] = t002(short, long, req(25.0, "/push"))
    assert "push ack deadline 20 s" in hit.summary


def test_t002_requests_of_another_method_are_not_grouped_by_the_handlers_route() -> None:
    """A GET handler of ``/export/{id}`` serves no POST: the POSTs stay grouped by their
    own path, with no handler named."""
    get = handler("/export/{id}", "show", method="GET")
    [hit] = t002(get, req(61.0, "/export/7"))
    assert hit.subject == "services/api/POST /export/7"
    assert hit.summary.endswith("the handler does its work inside the request")


def test_t002_a_handler_of_several_routes_labels_the_requests_with_its_first() -> None:
    """A handler registered under several routes carries them comma-joined; its
    requests are labelled with one route, the first, not the joined list."""
    code = handler("/export/{id},/exports/{id}", long_work="ffmpeg")
    [hit] = t002(code, req(61.0, "/export/7"))
    assert hit.subject == "api/views.py:10"
    assert hit.summary.startswith("1 request(s) to POST /export/{id} on api took up to 61 s")


def test_t002_a_trivial_handler_of_another_method_is_no_sign_of_starvation() -> None:
    """The slow ``POST /ping`` is served by no handler (``ping`` is GET only): nothing
    says a trivial endpoint was slow, so the handler with calls is the cause."""
    code = handler(calls="db.query")
    ping = handler("/ping", "ping", line=20, method="GET")
    [hit] = t002(code, ping, req(61.0), req(30.0, "/ping", index=1))  # POST /ping: no handler
    assert (hit.subject, hit.confidence) == ("api/views.py:10", 0.9)


def test_t002_a_zero_latency_is_no_sign_of_starvation_even_at_a_tiny_threshold() -> None:
    """lb_timeout_s 1: a trivial endpoint at 0.5 s or more is as slow as the others, one
    that took 0 s is not."""
    code = handler(calls="db.query")
    ping = handler("/ping", "ping", line=20, method="GET")
    [hit] = t002(code, ping, req(1.5), req(0.0, "/ping", method="GET", index=1), lb_timeout_s=1.0)
    assert hit.confidence == 0.9
    [hit] = t002(code, ping, req(1.5), req(0.5, "/ping", method="GET", index=1), lb_timeout_s=1.0)
    assert hit.confidence == 0.5


def test_t002_a_zero_latency_request_is_not_slow_at_a_one_second_threshold() -> None:
    """lb_timeout_s 1: the threshold is inclusive (1 s is slow), and a request that took
    0 s reads as 0, not as missing."""
    assert t002(req(0.0), lb_timeout_s=1.0) == []
    assert len(t002(req(1.0), lb_timeout_s=1.0)) == 1


def test_t002_with_a_zero_threshold_zero_latency_requests_count_as_zero() -> None:
    """lb_timeout_s 0 judges every request: one that took 0 s is the slowest of none, and
    sorts after one that took half a second."""
    [hit] = t002(req(0.0), lb_timeout_s=0.0)
    assert hit.summary.startswith("1 request(s) to POST /export on api took up to 0 s ")
    [hit] = t002(req(0.0, index=0), req(0.5, index=1), lb_timeout_s=0.0)
    assert hit.summary.startswith("2 request(s) to POST /export on api took up to 0.5 s ")
    assert [e.ref for e in hit.evidence] == ["logs.json#1", "logs.json#0"]


def test_t002_a_zero_latency_request_is_not_at_the_request_timeout() -> None:
    """Request timeout 1 s at ratio 0.5: 0.5 s is at the limit (critical), 0 s is not."""
    cfg = ServiceConfig(Ref("exports", "api.yaml"), "api", 1)
    [hit] = t002(req(0.0), cfg, lb_timeout_s=0.0, request_timeout_ratio=0.5)
    assert hit.severity is Severity.ERROR
    [hit] = t002(req(0.5), cfg, lb_timeout_s=0.0, request_timeout_ratio=0.5)
    assert hit.severity is Severity.CRITICAL


def test_t002_code_only_bounded_work_in_full() -> None:
    """Bounded work without request logs: info, and the summary says no log shows it."""
    assert t002(handler(long_work="subprocess")) == [
        Hit(
            subject="api/views.py:10",
            summary="handler export (POST /export) runs subprocess inside the request: if that "
            "work grows past a client or load-balancer timeout, the request fails (no request "
            "log shows it happening)",
            evidence=(EvidenceItem("code", "api/views.py:10", "def export():"),),
            fix=Fix(
                text="Return quickly (202 Accepted with a status URL) and hand the work to "
                "something built for long work: a queue consumed by a worker (RQ, Pub/Sub), "
                "Cloud Tasks with a long dispatch deadline, or a Cloud Run Job. Raising the "
                "request timeout only moves the cliff. Do not just move the work to a "
                "background thread: with CPU throttling (the Cloud Run default) it is starved "
                "once the response is sent (T005).",
                commands=(
                    'gcloud logging read \'resource.type="cloud_run_revision" AND '
                    'resource.labels.service_name="SERVICE" AND httpRequest.latency>"30s"\''
                    " --limit 50 --format=json",
                ),
            ),
            confidence=0.5,
            severity=Severity.INFO,
        )
    ]
