"""Edge controls for checks/executions.py: one guard, threshold or order per test.

Each test puts a fixture on each side of a boundary (hit, near miss) and asserts the
outcome that matters: E005's instance kills, tasks destroyed and shutdowns cut short,
the order of the retried-task crashes, and E001's timeout group. Records are built
in-process with the builders of ``test_controls_executions``.
"""

from __future__ import annotations

from dataclasses import replace

from test_controls_executions import (
    at,
    e001,
    execution,
    failed,
    platform,
    request,
    run,
    startup,
    task_start,
)

from opsdoc.evidence import Execution, HttpInfo, LogRecord, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit

SIGKILL = "Container terminated on signal 9."
SEGV = "Container terminated on signal 11."
EXIT_OK = "Container called exit(0)."
MEMORY = "Memory limit of 512 MiB exceeded with 530 MiB used."
DESTROYED = "ERROR asyncio: Task was destroyed but it is pending!"
WAIT = "INFO:     Waiting for background tasks to complete. (CTRL+C to force quit)"
CANCELLED = "ERROR:    Cancel 2 running task(s), timeout graceful shutdown exceeded"
FINISHED = "INFO:     Finished server process [1]"


def system(
    seconds: float,
    message: str,
    instance: str,
    service: str = "render",
    *,
    index: int = 50,
) -> LogRecord:
    """A platform line of a service instance (memory limit, signal, exit)."""
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=at(seconds),
        severity="ERROR",
        message=message,
        stream="system",
        service=service,
        instance=instance,
    )


def app_line(
    seconds: float,
    message: str,
    instance: str = "i-1",
    service: str = "api",
    *,
    index: int = 70,
    job: str = "",
) -> LogRecord:
    """A line the application (uvicorn, asyncio) printed on one instance."""
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=at(seconds),
        severity="ERROR" if message.startswith("ERROR") else "INFO",
        message=message,
        service=service,
        job=job,
        instance=instance,
    )


def item(index: int, text: str) -> EvidenceItem:
    return EvidenceItem("exports", f"logs.json#{index}", text)


# -- E005: an instance killed while its requests ran -------------------------------------------

KILL_FIX = Fix(
    text="Give the instance what the work needs (memory limit, or less concurrency "
    "per instance), or make the work smaller per request (stream large files, "
    "split documents); make the handler idempotent, since the retry runs it again.",
    commands=("gcloud run services update SERVICE --memory 1Gi", "opsdoc runbook E005"),
)


def test_a_kill_during_a_request_on_its_instance_in_full() -> None:
    """Four kills, one per instance, each during the request running there: the
    evidence quotes three request/kill pairs, the request first (what was lost)."""
    records = [
        request(0, 30, instance="a", index=100),
        system(10, SIGKILL, "a", index=1),
        request(100, 30, instance="b", index=101),
        system(110, SIGKILL, "b", index=2),
        request(200, 30, instance="c", index=102),
        system(210, SIGKILL, "c", index=3),
        request(300, 30, instance="d", index=103),
        system(310, SIGKILL, "d", index=4),
    ]
    killed = "2026-11-22T09:0{}Z ERROR Container terminated on signal 9."
    assert run(*records) == [
        Hit(
            subject="services/render",
            summary="render: an instance was killed by a signal 4 time(s) while requests were "
            "running on it (0 of them answered 5xx), e.g. at 2026-11-22T09:00:10Z during "
            "POST /render (arrived 2026-11-22T09:00:00Z, ran 30 s): the work those requests "
            "were doing was lost, and a retry runs it again",
            evidence=(
                item(100, "2026-11-22T09:00:00Z INFO POST /render 200 30.0s"),
                item(1, killed.format("0:10")),
                item(101, "2026-11-22T09:01:40Z INFO POST /render 200 30.0s"),
                item(2, killed.format("1:50")),
                item(102, "2026-11-22T09:03:20Z INFO POST /render 200 30.0s"),
                item(3, killed.format("3:30")),
            ),
            fix=KILL_FIX,
            confidence=0.85,
            explains=("T003:*", "E003:*"),
        )
    ]


def test_a_kill_of_an_unnamed_service_names_the_service_and_the_url_stands_for_a_path() -> None:
    """A plain export names no service; a request logged with its URL only shows the URL."""
    by_url = LogRecord(
        ref=Ref("exports", "logs.json#100"),
        timestamp=at(0),
        severity="INFO",
        message="POST https://x.run.app/render 503",
        service="",
        instance="a",
        http=HttpInfo(method="POST", url="https://x.run.app/render", status=503, latency_s=30),
    )
    [hit] = run(by_url, system(10, MEMORY, "a", service=""))
    assert hit.subject == "services/"
    assert hit.summary.startswith(
        "the service: an instance was terminated for exceeding its memory limit 1 time(s) while "
        "requests were running on it (1 of them answered 5xx), e.g. at 2026-11-22T09:00:10Z "
        "during POST https://x.run.app/render (arrived 2026-11-22T09:00:00Z, ran 30 s): "
    )


def test_the_example_of_a_kill_is_a_request_it_failed_from_500_up() -> None:
    """The request that answered 5xx is the one the kill cut: it is the example and the
    count, even when a kill of a request that answered fine came first. 500 is the
    server's first failure code, 499 still the client's."""

    def kills(status: int) -> Hit:
        [hit] = run(
            request(0, 30, instance="a", index=100),
            system(10, SIGKILL, "a", index=1),
            request(100, 30, instance="b", status=status, index=101),
            system(110, SIGKILL, "b", index=2),
        )
        return hit

    hit = kills(500)
    assert "(1 of them answered 5xx), e.g. at 2026-11-22T09:01:50Z during POST /render " in (
        hit.summary
    )
    assert "(arrived 2026-11-22T09:01:40Z, ran 30 s)" in hit.summary
    assert [e.ref for e in hit.evidence] == [
        "logs.json#101",
        "logs.json#2",
        "logs.json#100",
        "logs.json#1",
    ]
    near = kills(499)
    assert "(0 of them answered 5xx), e.g. at 2026-11-22T09:00:10Z during POST /render " in (
        near.summary
    )
    assert [e.ref for e in near.evidence] == [
        "logs.json#100",
        "logs.json#1",
        "logs.json#101",
        "logs.json#2",
    ]


def test_a_kill_counts_from_the_requests_arrival_to_two_seconds_after_its_end() -> None:
    """Request timestamps are rounded and the platform line may lag the last bytes: a kill
    from the arrival up to 2 s after the logged end is the request's."""

    def killed_at(seconds: float) -> list[str]:
        hits = run(request(0, 30, instance="a"), system(seconds, SIGKILL, "a"))
        return [h.summary.split(" while")[0] for h in hits]

    said = ["render: an instance was killed by a signal 1 time(s)"]
    assert killed_at(0) == said
    assert killed_at(-0.5) == []
    assert killed_at(32) == said
    assert killed_at(32.5) == []


def test_a_request_that_took_no_measurable_time_ran_0_s() -> None:
    """A latency of 0 is a known latency (0 s), not a missing one."""
    [hit] = run(request(0, 0, instance="a"), system(1, SIGKILL, "a"))
    assert "(arrived 2026-11-22T09:00:00Z, ran 0 s): " in hit.summary
    # the same for a start-up line half a second after it, with no grace
    [hit] = run(request(0, 0), startup(0.5), grace=0)
    assert hit.summary.endswith("(arrived 2026-11-22T09:00:00Z, ran 0 s)")


def test_a_service_reported_for_its_kills_does_not_hide_the_restarts_of_the_next() -> None:
    """Service "a" restarted during a request its kill failed (reported as the kill);
    service "b" restarted during a request with no kill line (reported as a restart)."""
    records = [
        request(0, 120, service="a", instance="a1", status=503, index=100),
        system(50, MEMORY, "a1", service="a", index=1),
        startup(60, service="a", instance="a2", index=2),
        request(0, 120, service="b", index=101),
        startup(60, service="b", index=3),
    ]
    hits = run(*records)
    assert [(h.subject, h.summary.split(" 1 time(s)")[0]) for h in hits] == [
        ("services/b", "b restarted"),
        ("services/a", "a: an instance was terminated for exceeding its memory limit"),
    ]


# -- E005: asyncio tasks destroyed pending ------------------------------------------------------

DESTROYED_FIX = Fix(
    text="Keep every background task referenced and drain (await) them on shutdown,"
    " or hand work the caller was promised to a durable queue before answering;"
    " see A002 for where the code drops its tasks.",
    commands=("opsdoc runbook E005", "opsdoc runbook A002"),
)


def test_tasks_destroyed_pending_in_full() -> None:
    """Four destroyed tasks: counted all, the first dated, three quoted."""
    lines = [app_line(10 + i, DESTROYED, index=i) for i in range(4)]
    quoted = "ERROR ERROR asyncio: Task was destroyed but it is pending!"
    assert run(*lines) == [
        Hit(
            subject="services/api/tasks-destroyed",
            summary="api: 4 asyncio task(s) were destroyed while still pending, first at "
            "2026-11-22T09:00:10Z: the event loop closed (the process stopped or restarted) "
            "with that work unfinished, and it was lost",
            evidence=tuple(item(i, f"2026-11-22T09:00:{10 + i}Z {quoted}") for i in range(3)),
            fix=DESTROYED_FIX,
            confidence=0.8,
        )
    ]


def test_tasks_destroyed_of_a_job_or_of_a_plain_log_file() -> None:
    """The owner is the service, else the job; a plain log file has neither ("app")."""
    [job] = run(app_line(10, DESTROYED, service="", job="ingest"))
    assert job.subject == "services/ingest/tasks-destroyed"
    assert job.summary.startswith("ingest: 1 asyncio task(s) were destroyed")
    [plain] = run(app_line(10, DESTROYED, service=""))
    assert plain.subject == "services/app/tasks-destroyed"
    assert plain.summary.startswith("the service: 1 asyncio task(s) were destroyed")
    # a service line naming a job too belongs to the service
    [both] = run(app_line(10, DESTROYED, service="api", job="ingest"))
    assert both.subject == "services/api/tasks-destroyed"


# -- E005: an instance stopped while background tasks ran --------------------------------------

SHUTDOWN_FIX = Fix(
    text="Do not leave work running after the response on a service that scales "
    "in: hand it to a queue or a job (see T005), or allocate CPU outside requests "
    "and handle SIGTERM by finishing or re-queueing the work.",
    commands=("opsdoc runbook E005",),
)


def cut(*records: LogRecord) -> list[Hit]:
    return [h for h in run(*records) if h.subject.endswith("/shutdown")]


def test_instances_cut_at_shutdown_in_full() -> None:
    """Four instances waited for their tasks and never finished while the export went on
    for minutes: all counted, the first (by instance) dated, three quoted."""
    waits = [app_line(10 * i, WAIT, f"i-{i}", index=i) for i in range(4)]
    later = app_line(600, "INFO:     Started server process [1]", "i-9", index=9)
    quoted = "INFO INFO: Waiting for background tasks to complete. (CTRL+C to force quit)"
    assert cut(*waits, later) == [
        Hit(
            subject="services/api/shutdown",
            summary="api: 4 instance(s) stopped while background work still ran on them, e.g. "
            "at 2026-11-22T09:00:00Z the server was waiting for its background tasks to "
            "complete and never finished shutting down: the platform killed the instance, "
            "and the work those tasks were doing was lost",
            evidence=tuple(item(i, f"2026-11-22T09:00:{10 * i:02d}Z {quoted}") for i in range(3)),
            fix=SHUTDOWN_FIX,
            confidence=0.8,
        )
    ]


def test_an_unnamed_service_cut_at_shutdown_is_the_service() -> None:
    [hit] = cut(app_line(0, WAIT, service=""), app_line(600, "INFO: x", "i-9", service=""))
    assert hit.subject == "services//shutdown"
    assert hit.summary.startswith("the service: 1 instance(s) stopped while background work")


def test_the_export_goes_on_a_full_minute_after_the_wait() -> None:
    """EXPORT_GOES_ON_S = 60: an export ending under a minute after the wait may simply
    have been cut before uvicorn finished; from a minute on, the missing end counts."""
    wait = app_line(0, WAIT)
    assert len(cut(wait, app_line(60, "INFO: x", "i-2"))) == 1
    assert cut(wait, app_line(59.5, "INFO: x", "i-2")) == []


def test_the_export_end_is_its_latest_line_whatever_the_order() -> None:
    """Exports are not always in time order: the latest line, not the last one read,
    says how long the export went on."""
    records = [
        app_line(0, WAIT, "i-1", index=1),
        app_line(120, "INFO: x", "i-2", index=2),
        app_line(10, "INFO: y", "i-2", index=3),
    ]
    [hit] = cut(*records)
    assert [e.ref for e in hit.evidence] == ["logs.json#1"]


def test_request_and_undated_lines_do_not_stop_the_shutdown_scan() -> None:
    """Request entries and undated lines are skipped, not an end of the export."""
    undated = replace(app_line(0, "INFO: x"), timestamp=None)
    records = [
        request(0, 1, service="api", instance="i-1", index=100),
        undated,
        app_line(0, WAIT, index=1),
        app_line(600, "INFO: x", "i-2", index=2),
    ]
    [hit] = cut(*records)
    assert [e.ref for e in hit.evidence] == ["logs.json#1"]


def test_an_instance_s_lines_are_read_in_time_order() -> None:
    """The finish line read before the wait but dated after it still ends the shutdown."""
    records = [
        app_line(20, FINISHED, index=1),
        app_line(0, WAIT, index=2),
        app_line(600, "INFO: x", "i-2", index=3),
    ]
    assert cut(*records) == []


def test_only_a_finish_after_the_wait_ends_that_shutdown() -> None:
    """A finish right after the wait ends it; a finish of an earlier shutdown of the same
    instance, before the wait, does not."""
    after = [app_line(0, WAIT, index=1), app_line(5, FINISHED, index=2)]
    assert cut(*after, app_line(600, "INFO: x", "i-2")) == []
    before = [app_line(-30, FINISHED, index=2), app_line(0, WAIT, index=1)]
    [hit] = cut(*before, app_line(600, "INFO: x", "i-2"))
    assert [e.ref for e in hit.evidence] == ["logs.json#1"]


def test_tasks_cancelled_after_a_wait_the_export_ends_soon_after_are_cut() -> None:
    """A wait too close to the export's end says nothing by itself; the graceful-shutdown
    timeout cancelling the tasks after it still does."""
    records = [app_line(0, WAIT, index=1), app_line(30, CANCELLED, index=2)]
    [hit] = cut(*records)
    assert [e.ref for e in hit.evidence] == ["logs.json#2"]
    assert "e.g. at 2026-11-22T09:00:30Z the server was waiting" in hit.summary


# -- E005: job tasks retried after a crash -----------------------------------------------------


def retried(*records: LogRecord | Execution) -> list[Hit]:
    return [h for h in run(*records) if "ran again from the start" in h.summary]


def test_an_undated_or_quiet_execution_does_not_end_the_search_for_retries() -> None:
    """Executions are read one by one: one with no start, or no crash, is skipped."""
    crash = (platform(88, SEGV, 5, 0, 1), platform(180, EXIT_OK, 5, 1, 2))
    undated = replace(execution("ingest-0"), start_time=None)
    assert [h.subject for h in retried(undated, execution(), *crash)] == ["executions/ingest-1"]
    quiet = execution("ingest-0")
    assert [h.subject for h in retried(quiet, execution(), *crash)] == ["executions/ingest-1"]


def test_a_retry_is_one_of_the_execution_s_own_tasks() -> None:
    """Another execution's attempts are not this execution's retries."""
    crash = (platform(88, SEGV, 5, 0, 1), platform(180, EXIT_OK, 5, 1, 2))
    hits = retried(execution("ingest-1"), execution("ingest-2"), *crash)
    assert [h.subject for h in hits] == ["executions/ingest-1"]


def test_the_last_attempt_s_crash_is_a_failure_not_a_retry() -> None:
    """Attempt 0 crashed and ran again; attempt 1, the last, crashed too: only the first
    crash was repeated."""
    records = (
        execution(),
        platform(100, SIGKILL, 0, 0, 1),
        platform(200, SIGKILL, 0, 1, 2),
    )
    [hit] = retried(*records)
    assert hit.evidence == (
        EvidenceItem(
            "exports", "executions.json#ingest-1", "ingest-1 started 2026-11-22T09:00:00Z"
        ),
        item(1, f"2026-11-22T09:01:40Z WARNING {SIGKILL}"),
    )


def test_a_crash_counts_from_just_after_the_first_half_minute() -> None:
    """max(grace, 30) s: a crash at exactly 30 s did no work worth repeating."""

    def crash_at(seconds: float) -> list[Hit]:
        return retried(
            execution(), platform(seconds, SEGV, 0, 0, 1), platform(200, EXIT_OK, 0, 1, 2)
        )

    assert crash_at(30) == []
    [hit] = crash_at(30.5)
    assert "at 2026-11-22T09:00:30Z, 30.5 s into the execution)" in hit.summary


def test_the_first_crash_is_the_lowest_task_then_the_lowest_attempt() -> None:
    """Crashes are ordered by task, then attempt, whatever order the export has."""
    by_task = (
        execution(),
        platform(100, SIGKILL, 3, 0, 1),
        platform(200, SEGV, 1, 1, 2),
        platform(250, EXIT_OK, 3, 1, 3),
        platform(300, EXIT_OK, 1, 2, 4),
    )
    [hit] = retried(*by_task)
    assert hit.summary.startswith(
        f"execution ingest-1 of ingest: tasks 1, 3 ended mid-work ({SEGV} at "
        "2026-11-22T09:03:20Z, 3 min into the execution)"
    )
    assert [e.ref for e in hit.evidence] == [
        "executions.json#ingest-1",
        "logs.json#2",
        "logs.json#1",
    ]
    # task 0 comes before task 1 even for a later attempt: the task decides first
    task_zero = (
        execution(),
        platform(100, SIGKILL, 1, 0, 1),
        platform(200, SEGV, 0, 1, 2),
        platform(250, EXIT_OK, 1, 1, 3),
        platform(300, EXIT_OK, 0, 2, 4),
    )
    [hit] = retried(*task_zero)
    assert hit.summary.startswith(
        f"execution ingest-1 of ingest: tasks 0, 1 ended mid-work ({SEGV} at "
        "2026-11-22T09:03:20Z, 3 min into the execution)"
    )
    by_attempt = (
        execution(),
        platform(200, SEGV, 0, 1, 2),
        platform(100, SIGKILL, 0, 0, 1),
        platform(300, EXIT_OK, 0, 2, 3),
    )
    [hit] = retried(*by_attempt)
    assert hit.summary.startswith(
        f"execution ingest-1 of ingest: task 0 ended mid-work ({SIGKILL} at "
        "2026-11-22T09:01:40Z, 100 s into the execution)"
    )
    assert [e.ref for e in hit.evidence] == [
        "executions.json#ingest-1",
        "logs.json#1",
        "logs.json#2",
    ]


def test_a_crash_with_no_task_index_is_task_0_in_the_order_and_unnamed_in_the_summary() -> None:
    """A line without a task index sorts as task 0, before a later attempt of task 0."""
    records = (
        execution(),
        platform(200, SEGV, 0, 1, 2),
        replace(platform(100, SIGKILL, 0, 0, 1), task_index=None),
        platform(300, EXIT_OK, 0, 2, 3),
        replace(platform(300, EXIT_OK, 0, 1, 4), task_index=None),
    )
    [hit] = retried(*records)
    assert hit.summary.startswith(
        f"execution ingest-1 of ingest: task 0 ended mid-work ({SIGKILL} at 2026-11-22T09:01:40Z"
    )
    unnamed = (
        execution(),
        replace(platform(100, SIGKILL, 0, 0, 1), task_index=None),
        replace(platform(300, EXIT_OK, 0, 1, 4), task_index=None),
    )
    [hit] = retried(*unnamed)
    assert hit.summary.startswith(
        f"execution ingest-1 of ingest: tasks ? ended mid-work ({SIGKILL} at "
    )


def test_the_crash_line_is_cut_at_80_characters() -> None:
    """An 80-character crash line is shown whole; one more and it is cut at a word."""

    def said(length: int) -> str:
        message = SIGKILL + " " + "x" * 20 + " " + "y" * (length - len(SIGKILL) - 22)
        assert len(message) == length
        [hit] = retried(
            execution(), platform(100, message, 0, 0, 1), platform(200, EXIT_OK, 0, 1, 2)
        )
        return hit.summary.partition(" ended mid-work (")[2].partition(" at 2026")[0]

    whole = said(80)
    assert len(whole) == 80 and not whole.endswith("…")
    assert said(81) == f"{SIGKILL} {'x' * 20}…"


def test_a_retried_execution_is_not_reported_again_as_restarted_mid_task() -> None:
    """The retry prints the task's start-up lines again: that restart is the retry,
    already reported; another execution's restart still is one."""
    crash = (
        platform(88, SEGV, 0, 0, 1),
        platform(180, EXIT_OK, 0, 1, 2),
        task_start(1, 0, 3),
        task_start(120, 0, 4),
    )
    hits = run(execution(), *crash)
    assert [h.summary.split(":")[0] for h in hits] == ["execution ingest-1 of ingest"]
    other = (task_start(1, 0, 5, execution="ingest-2"), task_start(600, 0, 6, execution="ingest-2"))
    hits = run(execution(), execution("ingest-2"), *crash, *other)
    assert [(h.subject, h.summary.split(":")[0]) for h in hits] == [
        ("executions/ingest-1", "execution ingest-1 of ingest"),
        ("executions/ingest-2", "execution ingest-2 of ingest restarted 1 time(s) mid-task"),
    ]


# -- E001: repeated failures --------------------------------------------------------------------


def test_e001_a_succeeded_execution_does_not_end_the_count() -> None:
    """Only failed executions count, in any order with the others."""
    records = [failed("ingest-0", 0, status="succeeded"), failed("ingest-a", 1), failed("b", 2)]
    [hit] = e001(*records)
    assert hit.summary == "2 executions of ingest failed with NonZeroExitCode (b, ingest-a)"


def test_e001_the_timeout_group_points_to_e002() -> None:
    """Executions the task timeout ended have their own group and fix: E002 says whether
    they were working or waiting."""
    records = [failed("ingest-a", 1, timed_out=True), failed("ingest-b", 2, timed_out=True)]
    [hit] = e001(*records)
    assert hit.subject == "jobs/ingest/TaskTimeout"
    assert hit.summary == (
        "2 executions of ingest failed: the task timeout ended them (ingest-b, ingest-a)"
    )
    assert hit.fix.text == (
        "They ran until the task timeout: see E002 for whether they were working or "
        "waiting, and fix that; retries repeat it."
    )
    assert hit.confidence == 0.7
