"""T001, T002, E001, E002, E005 alone, on fixtures that are not the seeds, with healthy controls.

Each check runs by itself over evidence from the real code scanner and records shaped
like the exports reader's, and its hits are compared with what a reviewer expects.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsdoc.checks.executions import killed_by_timeout, repeated_failures, restart_mid_work
from opsdoc.checks.timeouts import job_blocks_forever, long_synchronous_request
from opsdoc.evidence import (
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
from opsdoc.findings import Hit, Severity
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource

CODE = Path(__file__).parent / "fixtures" / "code"
AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def evidence(fixture: str | None = None, records: list[Record] = ()) -> Evidence:  # type: ignore[assignment]
    ev = Evidence(as_of=AS_OF)
    if fixture:
        root = CODE / fixture
        ev.add(CodeSource(str(root)).collect(SourceContext(AS_OF, str(root), 30)).records)
    ev.add(records)
    return ev


def run(check, ev: Evidence) -> list[Hit]:
    return list(check.__opsdoc_check__.func(ev))


def execution(
    name: str,
    job: str,
    minutes: float,
    status: str,
    *,
    timed_out: bool = False,
    reason: str = "",
    start: datetime = T0,
) -> Execution:
    return Execution(
        Ref("exports", f"executions.json#{name}"),
        name,
        job,
        start,
        start + timedelta(minutes=minutes),
        status,
        reason=reason,
        timed_out=timed_out,
        task_timeout_s=600,
        message="The configured timeout was reached." if timed_out else "",
    )


def request(
    path: str,
    at: datetime,
    latency: float,
    status: int = 200,
    method: str = "POST",
    service: str = "api",
) -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{path}{at:%H%M%S}"),
        at,
        "INFO" if status < 500 else "ERROR",
        f"{method} {status} {latency}s",
        stream="requests",
        resource_type="cloud_run_revision",
        service=service,
        http=HttpInfo(method, f"https://api.example{path}", path, status, latency),
    )


def line(text: str, at: datetime, service: str = "api", instance: str = "i-2") -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{at:%H%M%S}"),
        at,
        "DEFAULT",
        text,
        stream="stderr",
        resource_type="cloud_run_revision",
        service=service,
        instance=instance,
    )


# -- T001 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "subjects"),
    [
        # a subscribe() future awaited forever, deployed with `gcloud run jobs deploy`
        ("pubsub_subscribe_result_forever", {"app/workers/content_worker.py:29"}),
        # `while True` pull loops with no exit on an empty pull, deployed as a job by Cloud Build
        ("while_true_pull_no_exit", {"worker/puller.py:29"}),
        # rq workers without --burst in a k8s Job, a Procfile and scripts
        ("rq_work_no_burst", {"worker.py:18", "k8s/worker-job.yaml:14"}),
    ],
)
def test_t001_fires_on_blocking_workers_deployed_as_jobs(fixture: str, subjects: set[str]) -> None:
    hits = run(job_blocks_forever, evidence(fixture))
    assert subjects <= {h.subject for h in hits}
    assert all(h.explains == ("E002:*", "E001:jobs/*/TaskTimeout") for h in hits)


def test_t001_is_critical_when_executions_were_killed_by_the_timeout() -> None:
    ev = evidence(
        "while_true_pull_no_exit", [execution("pull-x1", "puller", 10, "failed", timed_out=True)]
    )
    hits = run(job_blocks_forever, ev)
    assert {h.severity for h in hits} == {Severity.CRITICAL}


def test_t001_reads_the_job_command_when_there_is_no_code() -> None:
    job = JobConfig(
        Ref("exports", "job.yaml"), "mailer", 3600, command=("rq",), args=("worker", "mail")
    )
    burst = JobConfig(
        Ref("exports", "job2.yaml"),
        "digest",
        3600,
        command=("rq",),
        args=("worker", "--burst", "d"),
    )
    hits = run(job_blocks_forever, evidence(None, [job, burst]))
    assert [h.subject for h in hits] == ["jobs/mailer"]


@pytest.mark.parametrize("fixture", ["drain_loop_healthy", "subscribe_result_with_timeout_healthy"])
def test_t001_stays_silent_on_workers_that_drain_and_exit(fixture: str) -> None:
    assert run(job_blocks_forever, evidence(fixture)) == []


def test_t001_stays_silent_for_a_long_running_service(tmp_path: Path) -> None:
    (tmp_path / "worker.py").write_text(
        "from google.cloud import pubsub_v1\n"
        "sub = pubsub_v1.SubscriberClient()\n"
        "future = sub.subscribe('projects/p/subscriptions/s', callback=print)\n"
        "future.result()\n"
    )
    (tmp_path / "deploy.sh").write_text(
        "gcloud run deploy listener --source . --region us-central1\n"
    )
    ev = Evidence(as_of=AS_OF)
    ev.add(CodeSource(str(tmp_path)).collect(SourceContext(AS_OF, str(tmp_path), 30)).records)
    assert run(job_blocks_forever, ev) == []


# -- T002 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "subject", "severity"),
    [
        # transcoding media inline: its time grows with the file
        ("flask_long_handler", "webapp/media.py:21", Severity.WARNING),
        # one subprocess per request: a note until request logs show it near a timeout
        ("django_long_view", "reports/views.py:14", Severity.INFO),
    ],
)
def test_t002_reports_handlers_that_run_long_work_inline(
    fixture: str, subject: str, severity: Severity
) -> None:
    hits = run(long_synchronous_request, evidence(fixture))
    assert [(h.subject, h.severity) for h in hits] == [(subject, severity)]


def test_t002_is_an_error_when_request_logs_show_the_latency() -> None:
    logs = [request("/media/transcode", T0 + timedelta(minutes=i), 70.0 + i) for i in range(3)]
    logs.append(request("/media/transcode", T0 + timedelta(minutes=5), 2.0))
    hits = run(long_synchronous_request, evidence("flask_long_handler", logs))
    [hit] = hits
    assert hit.subject == "webapp/media.py:21" and hit.severity is Severity.ERROR
    assert "3 request(s)" in hit.summary


def test_t002_is_critical_at_the_service_request_timeout() -> None:
    cfg = ServiceConfig(Ref("exports", "service.yaml"), "api", 120)
    logs = [request("/reports/export", T0, 119.5, 504)]
    [hit] = run(long_synchronous_request, evidence(None, [cfg, *logs]))
    assert hit.severity is Severity.CRITICAL and hit.subject == "services/api/POST /reports/export"


def test_t002_stays_silent_on_fast_requests_and_offloading_handlers() -> None:
    fast = [request("/transcode", T0 + timedelta(seconds=i), 0.2) for i in range(20)]
    assert run(long_synchronous_request, evidence("fastapi_thread_offload", fast)) == []


# -- E001 / E002 -------------------------------------------------------------------------------


def test_e001_groups_failures_by_reason_and_first_error() -> None:
    runs = [
        execution(
            f"etl-{i}", "etl", 1, "failed", reason="NonZeroExitCode", start=T0 + timedelta(hours=i)
        )
        for i in range(3)
    ]
    errors = [
        LogRecord(
            Ref("exports", f"logs.json#{i}"),
            T0 + timedelta(hours=i, seconds=20),
            "ERROR",
            f"psycopg2.OperationalError: connection to server at 10.0.0.{i} failed",
            job="etl",
            execution=f"etl-{i}",
        )
        for i in range(3)
    ]
    oom = execution(
        "etl-9", "etl", 1, "failed", reason="MemoryLimitExceeded", start=T0 + timedelta(hours=9)
    )
    [hit] = run(repeated_failures, evidence(None, [*runs, *errors, oom]))
    assert hit.subject == "jobs/etl/NonZeroExitCode/OperationalError"
    assert "3 executions" in hit.summary and "OperationalError" in hit.summary


def test_e001_needs_repeats() -> None:
    ev = evidence(
        None,
        [
            execution("etl-1", "etl", 1, "failed", reason="NonZeroExitCode"),
            execution("etl-2", "etl", 1, "succeeded", start=T0 + timedelta(hours=1)),
        ],
    )
    assert run(repeated_failures, ev) == []


def test_e002_counts_timeouts_per_job_and_spots_idle_ones() -> None:
    ev = evidence(
        None,
        [
            execution("sync-1", "sync", 10, "failed", timed_out=True),
            execution(
                "sync-2", "sync", 10, "failed", timed_out=True, start=T0 + timedelta(hours=1)
            ),
            execution("sync-3", "sync", 3, "succeeded", start=T0 + timedelta(hours=2)),
            execution("other-1", "other", 10, "failed", timed_out=True),
        ],
    )
    hits = run(killed_by_timeout, ev)
    assert sorted(h.subject for h in hits) == ["jobs/other", "jobs/sync"]
    sync = next(h for h in hits if h.subject == "jobs/sync")
    assert sync.summary.startswith("2 of 3 executions of sync")


def test_e001_counts_the_executions_the_task_timeout_ended_and_e002_explains_them() -> None:
    """Executions the timeout killed are repeated failures too (the console shows them red);
    their group carries no "first error" (whatever ran last is not why they failed) and the
    E002 finding of the same job explains it."""
    runs = [
        execution(
            f"export-{i}", "export", 60, "failed", timed_out=True, start=T0 + timedelta(hours=i)
        )
        for i in range(3)
    ]
    noise = LogRecord(
        Ref("exports", "logs.json#1"),
        T0 + timedelta(minutes=30),
        "ERROR",
        "urllib3.exceptions.ReadTimeoutError: read timed out",
        job="export",
        execution="export-0",
    )
    [hit] = run(repeated_failures, evidence(None, [*runs, noise]))
    assert hit.subject == "jobs/export/TaskTimeout"
    assert "3 executions of export failed: the task timeout ended them" in hit.summary
    assert "ReadTimeoutError" not in hit.summary
    [e002] = run(killed_by_timeout, evidence(None, runs))
    assert e002.explains == ("E001:jobs/export/TaskTimeout",)


def test_e002_stays_silent_without_timeouts() -> None:
    assert (
        run(killed_by_timeout, evidence(None, [execution("sync-1", "sync", 3, "succeeded")])) == []
    )


# -- E005 --------------------------------------------------------------------------------------


def test_e005_restart_during_a_running_request_counts_once_per_restart() -> None:
    logs = [
        request("/import", T0, 95.0, 503),
        line(
            "[2026-03-02 09:01:10 +0000] [1] [INFO] Starting gunicorn 22.0.0",
            T0 + timedelta(seconds=70),
        ),
        line(
            "[2026-03-02 09:01:10 +0000] [1] [INFO] Booting worker with pid: 7",
            T0 + timedelta(seconds=70.2),
        ),
    ]
    [hit] = run(restart_mid_work, evidence(None, logs))
    assert hit.subject == "services/api" and "restarted 1 time(s)" in hit.summary


def _job_line(minutes: float, message: str, task: int | None = 0, index: int = 3) -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        T0 + timedelta(minutes=minutes),
        "DEFAULT",
        message,
        job="batch",
        execution="batch-1",
        task_index=task,
    )


def test_e005_restart_inside_a_job_execution() -> None:
    # The same task prints its start-up lines a second time, 12 minutes in.
    ex = execution("batch-1", "batch", 30, "succeeded")
    first = _job_line(0.1, "INFO:     Started server process [1]", index=2)
    again = _job_line(12, "INFO:     Started server process [1]")
    [hit] = run(restart_mid_work, evidence(None, [ex, first, again]))
    assert hit.subject == "executions/batch-1"
    assert "restarted 1 time(s)" in hit.summary


def test_e005_later_tasks_of_a_parallel_execution_are_not_restarts() -> None:
    ex = execution("batch-1", "batch", 30, "succeeded")
    logs = [
        _job_line(0.1, "INFO:     Started server process [1]", task=0, index=1),
        _job_line(12, "INFO:     Started server process [1]", task=1, index=2),
    ]
    assert run(restart_mid_work, evidence(None, [ex, *logs])) == []


def test_e005_a_normal_task_end_is_not_a_restart() -> None:
    # Cloud Run Jobs end every healthy task with `Container called exit(0).`
    ex = execution("batch-1", "batch", 30, "succeeded")
    logs = [
        _job_line(0.1, "worker starting", index=1),
        _job_line(9, "Container called exit(0).", index=2),
        _job_line(20, "Container called exit(0).", index=3),
    ]
    assert run(restart_mid_work, evidence(None, [ex, *logs])) == []


def test_e005_ignores_start_ups_between_requests() -> None:
    logs = [
        request("/import", T0, 3.0),
        line("INFO:     Started server process [1]", T0 + timedelta(minutes=5)),
        request("/import", T0 + timedelta(minutes=6), 2.0),
    ]
    assert run(restart_mid_work, evidence(None, logs)) == []


def _on(rec: LogRecord, instance: str, stream: str = "") -> LogRecord:
    from dataclasses import replace

    return replace(rec, instance=instance, stream=stream or rec.stream)


MEMORY = (
    "Memory limit of 512 MiB exceeded with 524 MiB used. Consider increasing the memory "
    "limit, see https://cloud.google.com/run/docs/configuring/memory-limits"
)


def test_e005_an_instance_stopped_while_its_background_tasks_ran() -> None:
    """uvicorn, stopped by a scale-in, waits for the app's running tasks (BackgroundTasks)
    and then says it finished; an instance gone before that took its tasks with it. One
    that finished, or an export that ends right after the wait, says nothing of the kind;
    the graceful-shutdown timeout cancelling them says it outright."""
    wait = "INFO:     Waiting for background tasks to complete. (CTRL+C to force quit)"
    stop = [
        _on(line("INFO:     Shutting down", T0), "i-1"),
        _on(line(wait, T0), "i-1"),
    ]
    later = line("INFO:     Started server process [1]", T0 + timedelta(minutes=6), instance="i-2")
    [hit] = run(restart_mid_work, evidence(None, [*stop, later]))
    assert hit.subject == "services/api/shutdown"
    assert "1 instance(s) stopped while background work still ran" in hit.summary
    finished = [
        _on(line("INFO:     Application shutdown complete.", T0 + timedelta(seconds=40)), "i-1"),
        _on(line("INFO:     Finished server process [1]", T0 + timedelta(seconds=40)), "i-1"),
    ]
    assert run(restart_mid_work, evidence(None, [*stop, *finished, later])) == []
    assert run(restart_mid_work, evidence(None, stop)) == []  # the export ends there
    cancelled = _on(
        line(
            "ERROR:    Cancel 2 running task(s), timeout graceful shutdown exceeded",
            T0 + timedelta(seconds=30),
        ),
        "i-1",
    )
    [hit] = run(restart_mid_work, evidence(None, [*stop, cancelled, *finished]))
    assert hit.evidence[0].quote.endswith("timeout graceful shutdown exceeded")


def test_e005_an_instance_killed_for_memory_while_its_requests_ran() -> None:
    """Cloud Run terminates the instance: its in-flight requests answer 503 and a new
    instance starts elsewhere, so no start-up line falls inside any request."""
    logs = [
        _on(request("/pubsub/push", T0, 25.0, 503), "i-1"),
        _on(request("/pubsub/push", T0 + timedelta(seconds=22), 2.4, 204), "i-1"),
        _on(line(MEMORY, T0 + timedelta(seconds=24.9)), "i-1", stream="system"),
        line("[1] [INFO] Starting gunicorn 22.0.0", T0 + timedelta(seconds=31), instance="i-9"),
    ]
    [hit] = run(restart_mid_work, evidence(None, logs))
    assert hit.subject == "services/api"
    assert hit.summary.startswith(
        "api: an instance was terminated for exceeding its memory limit 1 time(s) while "
        "requests were running on it (1 of them answered 5xx), e.g. at"
    )
    assert "ran 25 s" in hit.summary  # the request the kill failed is the example
    assert set(hit.explains) == {"T003:*", "E003:*"}


@pytest.mark.parametrize(
    ("instance", "offset"),
    [("i-2", 24.9), ("i-1", 40.0)],  # another instance's kill; a kill after the request ended
)
def test_e005_a_kill_counts_only_on_the_requests_own_instance_while_it_ran(
    instance: str, offset: float
) -> None:
    logs = [
        _on(request("/pubsub/push", T0, 25.0, 503), "i-1"),
        _on(line(MEMORY, T0 + timedelta(seconds=offset)), instance, stream="system"),
    ]
    assert run(restart_mid_work, evidence(None, logs)) == []


def _push_subscription(deadline: float | None) -> Subscription:
    return Subscription(
        Ref("exports", "reports-push.json"),
        "reports-push",
        ack_deadline_s=deadline,
        push_endpoint="https://api-x.run.app/pubsub/push",
    )


def _service(timeout: float) -> ServiceConfig:
    return ServiceConfig(Ref("exports", "service.yaml"), "api", request_timeout_s=timeout)


def test_t002_a_push_endpoints_caller_is_pubsub_whose_limit_is_the_ack_deadline() -> None:
    """Pub/Sub calls a push endpoint itself, with no load balancer between: two-minute
    deliveries under a 10-minute ack deadline and request timeout are not T002. The same
    requests on a route people call through a load balancer are."""
    pushes = [request("/pubsub/push", T0 + timedelta(minutes=i), 124.0, 204) for i in range(3)]
    records: list[Record] = [_service(600), _push_subscription(600), *pushes]
    assert run(long_synchronous_request, evidence(None, records)) == []
    served = [request("/reports", T0 + timedelta(minutes=i), 124.0, 200) for i in range(3)]
    [hit] = run(long_synchronous_request, evidence(None, [*records, *served]))
    assert "POST /reports" in hit.summary and "typical load balancer 60 s" in hit.summary
    [short] = run(
        long_synchronous_request, evidence(None, [_service(600), _push_subscription(60), *pushes])
    )
    assert "push ack deadline 60 s" in short.summary
    [default] = run(
        long_synchronous_request, evidence(None, [_service(600), _push_subscription(None), *pushes])
    )
    assert "push ack deadline 10 s" in default.summary


def test_e005_memory_kills_are_reported_over_start_up_lines_of_the_same_service() -> None:
    """A start-up line of the replacement instance during a request that the kill failed
    is what the kill caused: the memory-limit lines say what ended the instance."""
    logs = [
        _on(request("/pubsub/push", T0, 25.0, 503), "i-1"),
        _on(line(MEMORY, T0 + timedelta(seconds=24.9)), "i-1", stream="system"),
        _on(request("/pubsub/push", T0 + timedelta(seconds=1), 30.0, 503), "i-3"),
        line("[1] [INFO] Starting gunicorn 22.0.0", T0 + timedelta(seconds=20), instance="i-9"),
    ]
    [hit] = run(restart_mid_work, evidence(None, logs))
    assert "terminated for exceeding its memory limit" in hit.summary


K8S_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: graph-worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: us-docker.pkg.dev/demo/graph/worker:latest
      restartPolicy: Never
"""
FOREVER = """
import time

def watch(folder):
    while True:
        upload_new(folder)
        time.sleep(5)

if __name__ == "__main__":
    watch("/data")
"""


def _scan_tree(root: Path, files: dict[str, str]) -> Evidence:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    ev = Evidence(as_of=datetime(2026, 1, 1, tzinfo=UTC))
    ctx = SourceContext(as_of=ev.as_of, root=str(root), deadline_s=30)
    ev.add(CodeSource(str(root)).collect(ctx).records)
    return ev


def test_t001_a_job_manifest_runs_its_own_projects_code_not_a_neighbours(tmp_path: Path) -> None:
    """A repository of demos: one demo's Kubernetes Job says nothing about another demo's
    folder watcher. The same watcher inside the Job's project is its suspect."""
    apart = _scan_tree(
        tmp_path / "a",
        {
            "codelabs/graph/templates/job.yaml": K8S_JOB,
            "codelabs/graph/worker/worker.py": "print('work')\n",
            "analytics/minigolf/upload.py": FOREVER,
        },
    )
    assert list(job_blocks_forever.__opsdoc_check__.func(apart)) == []  # type: ignore[attr-defined]
    inside = _scan_tree(
        tmp_path / "b",
        {"codelabs/graph/templates/job.yaml": K8S_JOB, "codelabs/graph/worker/upload.py": FOREVER},
    )
    hits = list(job_blocks_forever.__opsdoc_check__.func(inside))  # type: ignore[attr-defined]
    assert [h.subject for h in hits] == ["codelabs/graph/worker/upload.py:5"]
    at_root = _scan_tree(
        tmp_path / "c", {"k8s/job.yaml": K8S_JOB, "analytics/minigolf/upload.py": FOREVER}
    )
    hits = list(job_blocks_forever.__opsdoc_check__.func(at_root))  # type: ignore[attr-defined]
    assert [h.subject for h in hits] == ["analytics/minigolf/upload.py:5"]


def test_project_of_a_deploy_file() -> None:
    from opsdoc.sources.code import _project_of

    homes = {"codelabs", "codelabs/graph", "codelabs/graph/worker", "infra", "infra/shop"}
    assert _project_of("codelabs/graph/templates", homes) == "codelabs/graph"
    assert _project_of("codelabs/graph", homes) == "codelabs/graph"
    assert _project_of("infra/edge-demo/terraform", homes) == "infra/edge-demo"
    assert _project_of("k8s", homes) == ""
    assert _project_of("", homes) == ""


def test_e005_asyncio_destroying_pending_tasks_is_work_lost_at_shutdown() -> None:
    """aiohttp under gunicorn, restarted while fire-and-forget forwards still retried: the
    closing loop took them down and asyncio said so (real output, one line per task).
    A002 (the dropped task) and T005 (work after the response) explain it."""
    destroyed = "Task was destroyed but it is pending!"
    logs = [
        line("[1] [INFO] Handling signal: term", T0),
        line(f"ERROR [7] asyncio: {destroyed}", T0 + timedelta(seconds=1)),
        line(f"ERROR [8] asyncio: {destroyed}", T0 + timedelta(seconds=1)),
        line("[1] [INFO] Starting gunicorn 27.0.1", T0 + timedelta(seconds=4)),
    ]
    hits = run(restart_mid_work, evidence(None, logs))
    [hit] = [h for h in hits if h.subject.endswith("/tasks-destroyed")]
    assert "2 asyncio task(s) were destroyed while still pending" in hit.summary
    quiet = [r for r in logs if destroyed not in r.message]
    assert not [h for h in run(restart_mid_work, evidence(None, quiet)) if "destroyed" in h.summary]


GUNICORN = Path(__file__).parent / "fixtures" / "exports" / "gunicorn" / "worker-timeout-sync.log"


def _gunicorn_log(folder: Path, text: str) -> Evidence:
    from opsdoc.sources.exports import ExportsSource

    at = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)
    (folder / "web.log").write_text(text)
    result = ExportsSource([str(folder / "web.log")]).collect(
        SourceContext(as_of=at, root=".", deadline_s=30)
    )
    ev = Evidence(as_of=at)
    ev.add(result.records)
    return ev


def test_t002_reads_a_request_gunicorn_killed_at_its_worker_timeout(tmp_path: Path) -> None:
    """Real gunicorn 27 output (sync worker, ``--timeout 2``, a request that sleeps 5 s):
    the arbiter's ``WORKER TIMEOUT (pid:N)`` and the worker's ``Error handling request POST
    /slow/items/42/`` name the request killed at the timeout, whatever its access line says."""
    text = GUNICORN.read_text()
    (hit,) = run(long_synchronous_request, _gunicorn_log(tmp_path, text))
    assert hit.severity == Severity.CRITICAL
    assert hit.subject == "services/unknown/POST /slow/items/42/"
    assert hit.summary.startswith(
        "1 request(s) to POST /slow/items/42/ on the service were killed at gunicorn's "
        "worker timeout (`WORKER TIMEOUT`): the handler does its work inside the request"
    )
    assert hit.evidence[0].quote == (
        "2026-12-04T18:52:50Z Error handling request POST /slow/items/42/"
    )
    # the worker's line must follow the arbiter's kill of that very pid, within seconds
    other_pid = text.replace("WORKER TIMEOUT (pid:22165)", "WORKER TIMEOUT (pid:22166)")
    assert run(long_synchronous_request, _gunicorn_log(tmp_path, other_pid)) == []
    late = text.replace(
        "[2026-12-04 18:52:50 +0000] [22165] [ERROR]", "[2026-12-04 18:52:56 +0000] [22165] [ERROR]"
    )
    assert run(long_synchronous_request, _gunicorn_log(tmp_path, late)) == []
