"""Controls for T001: one guard per test, a fixture on each side of it.

Evidence is built in-process (code facts as the scanner records them, job configs
and executions as the exports reader does), so each test holds only the records
its guard reads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.timeouts import job_blocks_forever
from opsdoc.evidence import CodeSite, Evidence, Execution, JobConfig, Record, Ref
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
        explains=("E002:*",),
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
            explains=("E002:*",),
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
            explains=("E002:*",),
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
            explains=("E002:*",),
        )
    ]


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
