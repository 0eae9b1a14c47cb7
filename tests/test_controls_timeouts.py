"""Controls for T001 and T002: one guard per test, a fixture on each side of it.

Evidence is built in-process (code facts as the scanner records them, job configs
and executions as the exports reader does), so each test holds only the records
its guard reads.
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
)
from opsdoc.findings import EvidenceItem, Fix, Hit, Severity

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


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


def job(name: str, *argv: str, region: str = "", timeout: float | None = 600) -> JobConfig:
    return JobConfig(
        Ref("exports", f"{name}.yaml"),
        name,
        timeout,
        image="img",
        command=argv[:1],
        args=argv[1:],
        region=region,
    )


def execution(
    name: str, job_name: str, *, timed_out: bool, start: datetime = T0, region: str = ""
) -> Execution:
    return Execution(
        Ref("exports", f"executions.json#{name}"),
        name,
        job_name,
        start,
        start + timedelta(minutes=10),
        "failed" if timed_out else "succeeded",
        message="Task timed out" if timed_out else "",
        timed_out=timed_out,
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


# -- the job's own command ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [("rq", "worker", "mail"), ("/usr/bin/rq", "worker"), ("sh", "-c", "exec rq worker high low")],
)
def test_rq_worker_without_burst_listens_forever(argv: tuple[str, ...]) -> None:
    hits = run(job("mailer", *argv, region="europe-west1"))
    assert [h.subject for h in hits] == ["jobs/mailer"]
    assert hits[0].fix == fix("mailer", "europe-west1")


@pytest.mark.parametrize(
    "argv",
    [
        ("rq", "worker", "--burst", "mail"),
        ("rq", "worker", "-b", "mail"),  # the short flag counts as much as the long one
        ("rq", "worker", "mail", "-b"),
        ("rqscheduler", "worker"),  # not the rq command
        ("rq", "workers"),
        ("rq", "info"),
    ],
)
def test_a_command_that_ends_is_not_flagged(argv: tuple[str, ...]) -> None:
    assert run(job("mailer", *argv)) == []


def test_a_flag_that_only_starts_with_b_is_not_burst_mode() -> None:
    assert [h.subject for h in run(job("mailer", "rq", "worker", "-bx", "mail"))] == ["jobs/mailer"]
    assert [h.subject for h in run(job("mailer", "rq", "worker", "--burstiness", "mail"))] == [
        "jobs/mailer"
    ]


def test_the_command_hit_in_full_with_and_without_timeouts() -> None:
    quoted = EvidenceItem("exports", "mailer.yaml", "command: rq worker mail")
    expected = Hit(
        subject="jobs/mailer",
        summary="Cloud Run Job mailer runs `rq worker mail`, which listens forever: each task "
        "runs until the task timeout kills it",
        evidence=(quoted,),
        fix=fix("mailer"),
        confidence=0.75,
        severity=Severity.ERROR,
        explains=("E002:*", "E001:jobs/*/TaskTimeout"),
    )
    assert run(job("mailer", "rq", "worker", "mail")) == [expected]
    # executions killed by the timeout: critical, the three latest quoted, newest first
    runs = [
        execution(f"mailer-{i}", "mailer", timed_out=True, start=T0 + timedelta(hours=i))
        for i in range(4)
    ]
    hits = run(
        job("mailer", "rq", "worker", "mail"), *runs, execution("ok", "mailer", timed_out=False)
    )
    proof = tuple(
        EvidenceItem(
            "exports",
            f"executions.json#mailer-{i}",
            f"execution mailer-{i} ran 10 min and was killed: Task timed out",
        )
        for i in (3, 2, 1)
    )
    assert hits == [
        Hit(
            subject="jobs/mailer",
            summary=expected.summary,
            evidence=(quoted, *proof),
            fix=fix("mailer"),
            confidence=0.9,
            severity=Severity.CRITICAL,
            explains=("E002:*", "E001:jobs/*/TaskTimeout"),
        )
    ]


# -- code that waits forever, and which job runs it ---------------------------------------------

WAIT = site(
    "blocking-wait",
    "worker/main.py",
    42,
    "future.result()",
    "consume",
    mechanism="future-result",
)
WORDS = "blocks on a streaming-pull future's `.result()` with no timeout"


def context(
    path: str, line: int, job_name: str = "", entry: str = "", mechanism: str = "gcloud"
) -> CodeSite:
    attrs = {"mechanism": mechanism, "verb": "jobs deploy"}
    if job_name:
        attrs["job"] = job_name
    if entry:
        attrs["entry"] = entry
    return site("job-context", path, line, "gcloud run jobs deploy", **attrs)


def context_item(
    path: str, line: int, job_name: str = "", mechanism: str = "gcloud"
) -> EvidenceItem:
    how = f"{mechanism} jobs deploy"
    return EvidenceItem(
        "code",
        f"{path}:{line}",
        f"deployed as a run-to-completion job ({how})" + (f": {job_name}" if job_name else ""),
    )


def test_a_wait_in_the_job_entry_module_is_sure() -> None:
    deploy = context("deploy.sh", 3, "ingest", entry="worker/main.py")
    assert run(WAIT, deploy) == [
        Hit(
            subject="worker/main.py:42",
            summary=f"consume {WORDS}, but runs as Cloud Run Job ingest: the task never exits "
            "and is killed at its timeout",
            evidence=(
                EvidenceItem("code", "worker/main.py:42", "future.result()"),
                context_item("deploy.sh", 3, "ingest"),
            ),
            fix=fix("ingest"),
            confidence=0.75,
            severity=Severity.ERROR,
            explains=("E002:*", "E001:jobs/*/TaskTimeout"),
        )
    ]


def test_a_wait_outside_every_entry_module_is_a_weaker_suspect() -> None:
    # the near miss of the test above: the only job runs another file
    deploy = context("deploy.sh", 3, "ingest", entry="worker/other.py")
    timed_out = execution("ingest-1", "ingest", timed_out=True)
    assert run(WAIT, deploy, timed_out) == [
        Hit(
            subject="worker/main.py:42",
            summary=f"consume {WORDS}, in a project that deploys run-to-completion jobs; none of "
            "them runs this file directly (their entry points: worker/other.py), so whether one "
            "reaches it is not known: if it does, the task never exits and is killed at its "
            "timeout",
            evidence=(EvidenceItem("code", "worker/main.py:42", "future.result()"),),
            fix=fix(""),
            confidence=0.55,
            severity=Severity.WARNING,
            explains=("E002:*", "E001:jobs/*/TaskTimeout"),
        )
    ]
    # with no execution that ran into its timeout, the guess is only a lead
    assert [h.severity for h in run(WAIT, deploy)] == [Severity.INFO]


def test_a_wait_with_no_entry_known_anywhere_may_be_run_by_every_job() -> None:
    deploy = context("deploy.sh", 3, "ingest")
    timed_out = execution("ingest-1", "ingest", timed_out=True, region="us-east1")
    hits = run(WAIT, deploy, timed_out)
    assert [(h.confidence, h.severity) for h in hits] == [(0.9, Severity.CRITICAL)]
    assert hits[0].summary == (
        f"consume {WORDS}, but runs as Cloud Run Job ingest: the task never exits and is "
        "killed at its timeout (1 execution(s) ended that way)"
    )
    assert hits[0].fix == fix("ingest", "us-east1")
    # the job's signs (its execution, its deploy step), then the proof of the timeout
    assert [e.quote for e in hits[0].evidence] == [
        "future.result()",
        "execution ingest-1 of Cloud Run Job ingest",
        "deployed as a run-to-completion job (gcloud jobs deploy): ingest",
        "execution ingest-1 ran 10 min and was killed: Task timed out",
    ]


def test_no_run_to_completion_context_means_a_service_that_may_wait() -> None:
    assert run(WAIT) == []
    # control: the same wait with an unnamed job context (a CLOUD_RUN_JOB read elsewhere)
    env = context("worker/jobs.py", 5, mechanism="env")
    [hit] = run(WAIT, env)
    assert hit.summary.startswith(f"consume {WORDS}, in a project that deploys")
    assert "(their entry points: worker/jobs.py)" in hit.summary


def test_the_file_that_reads_cloud_run_job_itself_is_the_entry() -> None:
    env = context("worker/main.py", 5, mechanism="env")
    [hit] = run(WAIT, env)
    assert hit.confidence == 0.75
    assert hit.summary.startswith(f"consume {WORDS}, but runs as a run-to-completion job:")


@pytest.mark.parametrize(
    ("argv", "sure"),
    [
        (("python", "-m", "worker.main"), True),
        (("python", "worker/main.py"), True),
        (("python", "./worker/main.py"), True),
        (("python", "/app/worker/main.py"), True),
        (("python", "-m", "worker"), False),
        (("python", "-m", "worker.other"), False),
        (("python", "main.py"), True),  # a container path that names the same file
        (("python", "worker/other.py"), False),  # a Python file, another one
        (("python", "worker/main.PY"), True),  # not a Python file: no entry known at all
        (("/usr/local/bin/worker",), True),  # no Python file named: no entry known
        (("python", "-m"), True),  # a dangling -m names nothing
    ],
)
def test_the_job_command_names_the_entry_module(argv: tuple[str, ...], sure: bool) -> None:
    hits = run(WAIT, job("ingest", *argv))
    assert [h.confidence for h in hits] == [0.75 if sure else 0.55]


def test_a_package_main_is_the_entry_of_python_dash_m_package() -> None:
    wait = site(
        "blocking-wait", "worker/__main__.py", 9, "loop.run_forever()", mechanism="run-forever"
    )
    [hit] = run(wait, job("ingest", "python", "-m", "worker"))
    assert hit.confidence == 0.75
    assert "waits on something that never completes" in hit.summary


def test_other_jobs_of_the_same_name_are_quoted_and_neighbours_are_not() -> None:
    runs_it = context("deploy.sh", 3, "ingest", entry="worker/main.py")
    same_job = context("cloudbuild.yaml", 8, "ingest")
    neighbour = context("deploy.sh", 9, "report", entry="report/main.py")
    [hit] = run(WAIT, runs_it, same_job, neighbour)
    assert [e.ref for e in hit.evidence] == [
        "worker/main.py:42",
        "deploy.sh:3",
        "cloudbuild.yaml:8",
    ]


def test_unknown_mechanisms_and_files_without_a_function() -> None:
    wait = site("blocking-wait", "worker.py", 3, "x.wait()", mechanism="something-new")
    [hit] = run(wait, context("deploy.sh", 1, "ingest"))
    assert hit.summary.startswith(
        "worker.py waits forever for work, but runs as Cloud Run Job ingest"
    )


# -- T002: requests that outlive their timeouts -------------------------------------------------

T002_TEXT = (
    "Return quickly (202 Accepted with a status URL) and hand the work to something built for "
    "long work: a queue consumed by a worker (RQ, Pub/Sub), Cloud Tasks with a long dispatch "
    "deadline, or a Cloud Run Job. Raising the request timeout only moves the cliff."
)
T005_NOTE = (
    " Do not just move the work to a background thread: with CPU throttling (the Cloud Run "
    "default) it is starved once the response is sent (T005)."
)


def t002_fix(service: str = "api", throttled: bool = True) -> Fix:
    return Fix(
        text=T002_TEXT + (T005_NOTE if throttled else ""),
        commands=(
            'gcloud logging read \'resource.type="cloud_run_revision" AND '
            f'resource.labels.service_name="{service}" AND httpRequest.latency>"30s"\''
            " --limit 50 --format=json",
        ),
    )


def t002(*records: Record, **settings: float) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.settings.update(settings)
    ev.add(records)
    return list(long_synchronous_request.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def req(
    latency: float | None,
    path: str = "/export",
    *,
    service: str = "api",
    method: str = "POST",
    index: int = 0,
    status: int = 200,
    url: str = "",
) -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=T0 + timedelta(minutes=index),
        severity="INFO",
        message=f"{method} {path or url}",
        service=service,
        http=HttpInfo(method=method, path=path, url=url, status=status, latency_s=latency),
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


def api_config(timeout: float | None = 300, throttled: bool = True) -> ServiceConfig:
    return ServiceConfig(Ref("exports", "api.yaml"), "api", timeout, cpu_throttling=throttled)


def test_t002_a_slow_request_without_code_or_config_in_full() -> None:
    assert t002(req(61.5)) == [
        Hit(
            subject="services/api/POST /export",
            summary="1 request(s) to POST /export on api took up to 61.5 s (request timeout "
            "5 min, typical load balancer 60 s): the handler does its work inside the request",
            evidence=(
                EvidenceItem(
                    "exports", "logs.json#0", "2026-11-22T09:00:00Z INFO POST /export 200 61.5s"
                ),
            ),
            fix=t002_fix(),
            confidence=0.75,
            severity=Severity.ERROR,
            explains=("E005:services/api*",),
        )
    ]


def test_t002_the_load_balancer_threshold_is_inclusive_and_a_setting() -> None:
    assert t002(req(59.9)) == []
    assert len(t002(req(60.0))) == 1
    assert t002(req(60.0), lb_timeout_s=90.0) == []
    assert [h.severity for h in t002(req(45.0), lb_timeout_s=40.0)] == [Severity.ERROR]
    # requests without a latency are not requests to judge
    assert t002(req(None)) == []


def test_t002_a_short_request_timeout_lowers_the_threshold_and_makes_it_critical() -> None:
    # request timeout 50 s: 90 % of it is 45 s
    assert t002(req(44.9), api_config(50)) == []
    [hit] = t002(req(45.0), api_config(50))
    assert hit.severity is Severity.CRITICAL
    assert "(request timeout 50 s, typical load balancer 60 s)" in hit.summary
    assert hit.evidence[-1] == EvidenceItem(
        "exports", "api.yaml", "service api: request timeout 50 s, CPU throttled outside requests"
    )
    # the ratio is a setting
    assert t002(req(45.0), api_config(50), request_timeout_ratio=0.95) == []
    # below 90 % of the timeout: an error, not critical
    [hit] = t002(req(61.0), api_config(300, throttled=False))
    assert hit.severity is Severity.ERROR
    assert hit.evidence[-1].quote == "service api: request timeout 5 min, CPU always allocated"
    assert hit.fix == t002_fix(throttled=False)
    # a config without a timeout: the 300 s default
    [hit] = t002(req(270.0), api_config(None))
    assert hit.severity is Severity.CRITICAL and "request timeout 5 min" in hit.summary
    assert t002(req(269.0), api_config(None))[0].severity is Severity.ERROR


def test_t002_a_platform_timeout_line_of_the_service_makes_it_critical() -> None:
    line = LogRecord(
        Ref("exports", "logs.json#9"),
        T0,
        "ERROR",
        "The request has been terminated because it has reached the maximum request timeout.",
        service="api",
    )
    [hit] = t002(req(61.0), line)
    assert hit.severity is Severity.CRITICAL
    assert [e.ref for e in hit.evidence] == ["logs.json#0", "logs.json#9"]
    other = replace(line, service="web")
    assert [h.severity for h in t002(req(61.0), other)] == [Severity.ERROR]


def test_t002_quotes_the_three_slowest_and_counts_them_all() -> None:
    latencies = [61.0, 90.0, 75.0, 62.0, 10.0]
    [hit] = t002(*(req(s, index=i) for i, s in enumerate(latencies)))
    assert hit.summary.startswith("4 request(s) to POST /export on api took up to 90 s")
    assert [e.ref for e in hit.evidence] == ["logs.json#1", "logs.json#2", "logs.json#3"]


def test_t002_groups_by_service_method_and_path_or_url() -> None:
    records = [
        req(61.0, index=0),
        req(61.0, service="web", index=1),
        req(61.0, method="get", index=2),
    ]
    assert [h.subject for h in t002(*records)] == [
        "services/api/GET /export",
        "services/api/POST /export",
        "services/web/POST /export",
    ]
    assert [h.subject for h in t002(req(61.0, path="", url="https://x/export"))] == [
        "services/api/POST https://x/export"
    ]
    [hit] = t002(req(61.0, service=""))
    assert hit.subject == "services/unknown/POST /export"
    assert "on the service took up to" in hit.summary


def test_t002_names_the_handler_and_its_long_work() -> None:
    code = handler("/export/{id}", long_work="subprocess.run, time.sleep, requests.get, x")
    records = [req(61.0, "/export/7", index=0), req(70.0, "/export/8", index=1)]
    [hit] = t002(code, *records)
    assert hit == Hit(
        subject="api/views.py:10",
        summary="2 request(s) to POST /export/{id} on api took up to 70 s (request timeout "
        "5 min, typical load balancer 60 s): handler export does its work inline "
        "(subprocess.run, time.sleep, requests.get)",
        evidence=(
            EvidenceItem("code", "api/views.py:10", "def export():"),
            EvidenceItem(
                "exports", "logs.json#1", "2026-11-22T09:01:00Z INFO POST /export/8 200 70.0s"
            ),
            EvidenceItem(
                "exports", "logs.json#0", "2026-11-22T09:00:00Z INFO POST /export/7 200 61.0s"
            ),
        ),
        fix=t002_fix(),
        confidence=0.9,
        severity=Severity.ERROR,
        explains=("E005:services/api*",),
    )


def test_t002_a_handler_with_calls_is_the_cause_unless_trivial_endpoints_were_slow_too() -> None:
    code = handler(calls="db.query")
    [hit] = t002(code, req(61.0))
    assert hit.summary.endswith("handler export does its work inline (db.query)")
    assert (hit.confidence, hit.root_cause) == (0.9, None)
    # a trivial endpoint of the same service as slow (30 s or more): the loop was starved
    ping = handler("/ping", "ping", line=20, method="GET")
    [hit] = t002(code, ping, req(61.0), req(30.0, "/ping", method="GET", index=1))
    assert hit.summary.endswith(
        "handler export does no long work itself, so the requests waited on something else "
        "(a blocked event loop, a saturated instance)"
    )
    assert (hit.confidence, hit.severity, hit.root_cause, hit.explains) == (
        0.5,
        Severity.ERROR,
        False,
        (),
    )
    # near miss: the trivial endpoint answered in under 30 s
    [hit] = t002(code, ping, req(61.0), req(29.9, "/ping", method="GET", index=1))
    assert hit.confidence == 0.9
    # long work is the cause whatever else was slow
    heavy = handler(long_work="ffmpeg")
    [hit] = t002(heavy, ping, req(61.0), req(30.0, "/ping", method="GET", index=1))
    assert hit.confidence == 0.9


def test_t002_a_handler_with_no_work_at_all_is_not_the_cause() -> None:
    [hit] = t002(handler(), req(61.0))
    assert (hit.confidence, hit.root_cause) == (0.5, False)


def test_t002_code_only_long_work_is_a_warning_unless_offloaded_or_already_reported() -> None:
    code = handler(long_work="future-result,subprocess")
    assert t002(code) == [
        Hit(
            subject="api/views.py:10",
            summary="handler export (POST /export) runs future-result, subprocess inside the "
            "request: nothing bounds how long that takes, so requests can outlive client and "
            "load-balancer timeouts",
            evidence=(EvidenceItem("code", "api/views.py:10", "def export():"),),
            fix=t002_fix("SERVICE"),
            confidence=0.5,
            severity=Severity.WARNING,
        )
    ]
    assert t002(handler(long_work="subprocess", offloads="thread")) == []
    assert t002(handler()) == []
    # reported from the logs already: not again from the code
    assert [h.severity for h in t002(code, req(61.0))] == [Severity.ERROR]


@pytest.mark.parametrize("unbounded", ["future-result", "join", "wait", "http-in-loop", "media"])
def test_t002_code_only_work_nothing_bounds_is_a_warning(unbounded: str) -> None:
    [hit] = t002(handler(long_work=f"{unbounded},sleep"))
    assert hit.severity is Severity.WARNING


@pytest.mark.parametrize("bounded", ["subprocess", "sleep", "llm-call"])
def test_t002_code_only_bounded_work_is_info_until_a_request_log_shows_it(bounded: str) -> None:
    """A diagram rendered by `dot`, one chat completion, a test route's sleep: the normal
    shape of many endpoints. Without request logs it is a note, not a warning."""
    [hit] = t002(handler(long_work=bounded))
    assert hit.severity is Severity.INFO
    assert "no request log shows it happening" in hit.summary
    [logged] = t002(handler(long_work=bounded), req(61.0))
    assert logged.severity is Severity.ERROR


def test_the_entry_points_listed_are_project_paths() -> None:
    [hit] = run(
        WAIT, job("ingest", "python", "./Xporter/run.py"), job("report", "python", "/srv/b.py")
    )
    assert "(their entry points: Xporter/run.py, srv/b.py)" in hit.summary


# -- survivors of mutation testing: each test names the guard it pins -------------------------


def test_executions_of_one_job_are_one_sign_and_quoted_whole() -> None:
    runs = [
        execution("ingest-1", "ingest", timed_out=False),
        execution("ingest-2", "ingest", timed_out=False),
    ]
    [hit] = run(WAIT, *runs)
    assert hit.evidence[1:] == (
        EvidenceItem(
            "exports", "executions.json#ingest-1", "execution ingest-1 of Cloud Run Job ingest"
        ),
    )


def test_a_job_config_without_a_task_timeout_says_default() -> None:
    [hit] = run(WAIT, job("ingest", "python", "worker/main.py", timeout=None))
    assert hit.evidence[1] == EvidenceItem(
        "exports", "ingest.yaml", "Cloud Run Job ingest: task timeout default, image img"
    )
    [hit] = run(WAIT, job("ingest", "python", "worker/main.py", timeout=600))
    assert hit.evidence[1].quote == "Cloud Run Job ingest: task timeout 10 min, image img"


def test_an_unnamed_deploy_step_without_entry_may_run_the_wait() -> None:
    [hit] = run(WAIT, context("deploy.sh", 3))
    assert hit.summary.startswith(f"consume {WORDS}, but runs as a run-to-completion job:")
    assert hit.evidence[1] == context_item("deploy.sh", 3)


def test_an_entry_less_step_beside_one_that_runs_another_file_is_quoted_when_unsure() -> None:
    other = context("deploy.sh", 3, "report", entry="worker/other.py")
    unknown = context("cloudbuild.yaml", 8, "ingest")
    [hit] = run(WAIT, other, unknown)
    assert hit.confidence == 0.55
    assert [e.ref for e in hit.evidence] == ["worker/main.py:42", "cloudbuild.yaml:8"]


def test_a_container_path_at_the_root_names_the_project_file() -> None:
    [hit] = run(WAIT, job("ingest", "python", "/main.py"))
    assert hit.confidence == 0.75  # /main.py in the image is worker/main.py... or main.py
    [hit] = run(WAIT, job("ingest", "python", "/other.py"))
    assert hit.confidence == 0.55


def test_t002_the_handler_of_the_requests_method_is_named() -> None:
    get = handler("/export", "show", line=10, method="GET")
    post = handler("/export", "export", line=20, method="POST", long_work="ffmpeg")
    [hit] = t002(get, post, req(61.0, "/export", method="POST"))
    assert hit.subject == "api/views.py:20"


def test_t002_only_the_first_platform_timeout_line_is_quoted() -> None:
    lines = [
        LogRecord(
            Ref("exports", f"logs.json#{i}"),
            T0,
            "ERROR",
            "The request has been terminated because it has reached the maximum request timeout.",
            service="api",
        )
        for i in (8, 9)
    ]
    [hit] = t002(req(61.0), *lines)
    assert [e.ref for e in hit.evidence] == ["logs.json#0", "logs.json#8"]


def test_t002_an_idle_handler_is_an_error_even_at_the_limit() -> None:
    [hit] = t002(handler(), req(61.0), api_config(60))
    assert (hit.severity, hit.root_cause, hit.confidence) == (Severity.ERROR, False, 0.5)


def test_t002_a_fast_trivial_endpoint_does_not_hide_a_slow_one() -> None:
    code = handler(calls="db.query")
    ping = handler("/ping", "ping", line=20, method="GET")
    health = handler("/health", "health", line=30, method="GET")
    records = [
        req(1.0, "/health", method="GET", index=2),
        req(61.0),
        req(30.0, "/ping", method="GET", index=1),
    ]
    [hit] = t002(code, ping, health, *records)
    assert hit.confidence == 0.5  # /ping was slow too: the loop was starved


def test_t002_an_endpoint_with_long_work_of_its_own_is_no_sign_of_starvation() -> None:
    code = handler(calls="db.query")
    heavy = handler("/render", "render", line=20, method="GET", long_work="ffmpeg")
    [hit, *_] = t002(code, heavy, req(61.0), req(30.0, "/render", method="GET", index=1))
    assert hit.subject == "api/views.py:10" and hit.confidence == 0.9


def test_steps_of_the_same_job_are_quoted_whatever_file_they_run() -> None:
    runs_it = context("deploy.sh", 3, "ingest", entry="worker/main.py")
    same_job = context("cloudbuild.yaml", 8, "ingest", entry="worker/other.py")
    neighbour = context("deploy.sh", 9, "report", entry="report/main.py")
    [hit] = run(WAIT, neighbour, same_job, runs_it)
    assert [e.ref for e in hit.evidence] == [
        "worker/main.py:42",
        "cloudbuild.yaml:8",
        "deploy.sh:3",
    ]


def test_a_timed_out_execution_without_an_end_ran_for_an_unknown_time() -> None:
    running = replace(execution("ingest-1", "ingest", timed_out=True), completion_time=None)
    [hit] = run(job("ingest", "rq", "worker", "q"), running)
    assert hit.evidence[1].quote == "execution ingest-1 ran ? and was killed: Task timed out"
