"""Controls for E005 (restart while work was in flight): one guard per test.

Start-up lines and request entries are built in-process, shaped as the exports
reader records them, so each test holds only what its guard reads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.checks.executions import (
    error_signature,
    killed_by_timeout,
    repeated_failures,
    restart_mid_work,
    restarts,
)
from opsdoc.evidence import Evidence, Execution, HttpInfo, LogRecord, LogSummary, Record, Ref
from opsdoc.findings import EvidenceItem, Fix, Hit

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
STARTED = "INFO:     Started server process [1]"
QUOTED = " ".join(STARTED.split())  # evidence quotes are on one line, spaces collapsed


def run(*records: Record, grace: float | None = None) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    if grace is not None:
        ev.settings["restart_grace_s"] = grace
    ev.add(records)
    return list(restart_mid_work.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def startup(
    seconds: float,
    service: str = "render",
    instance: str = "",
    *,
    index: int = 0,
    message: str = STARTED,
    job: str = "",
    execution: str = "",
    task: int | None = None,
) -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=at(seconds),
        severity="INFO",
        message=message,
        service=service,
        instance=instance,
        job=job,
        execution=execution,
        task_index=task,
    )


def request(
    seconds: float,
    latency: float,
    service: str = "render",
    instance: str = "",
    *,
    status: int | None = 200,
    index: int = 100,
) -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=at(seconds),
        severity="INFO",
        message=f"POST /render {status}",
        service=service,
        instance=instance,
        http=HttpInfo(method="POST", path="/render", status=status, latency_s=latency),
    )


def test_a_restart_inside_a_request_of_the_same_service() -> None:
    # the request ran 0..120 s; the container started again at 60 s
    hits = run(request(0, 120), startup(60, index=7))
    assert hits == [
        Hit(
            subject="services/render",
            summary="render restarted 1 time(s) while requests were running, e.g. at "
            "2026-11-22T09:01:00Z during POST /render (arrived 2026-11-22T09:00:00Z, ran 2 min)",
            evidence=(
                EvidenceItem(
                    "exports", "logs.json#100", "2026-11-22T09:00:00Z INFO POST /render 200 120.0s"
                ),
                EvidenceItem("exports", "logs.json#7", f"2026-11-22T09:01:00Z INFO {QUOTED}"),
            ),
            fix=Fix(
                text="Find what killed the instance: requests outliving their timeout (T002), "
                "memory limit lines, or crashes in the logs just before the start-up line.",
            ),
            confidence=0.85,
        )
    ]


def test_a_start_of_another_service_is_not_a_restart_of_this_one() -> None:
    assert run(request(0, 120, service="render"), startup(60, service="thumbs")) == []


def test_an_unnamed_service_is_called_the_service() -> None:
    [hit] = run(request(0, 120, service=""), startup(60, service=""))
    assert hit.subject == "services/" and hit.summary.startswith("the service restarted 1 time(s)")


def test_another_instance_starting_during_a_successful_request_is_autoscaling() -> None:
    assert run(request(0, 120, instance="a"), startup(60, instance="b")) == []
    # a request with no status is not known to have failed
    assert run(request(0, 120, instance="a", status=None), startup(60, instance="b")) == []
    # near miss: the request failed (499 is still the client's, 500 the server's)
    assert run(request(0, 120, instance="a", status=499), startup(60, instance="b")) == []
    assert len(run(request(0, 120, instance="a", status=500), startup(60, instance="b"))) == 1
    # controls: the same instance, or an instance not known on either side
    assert len(run(request(0, 120, instance="a"), startup(60, instance="a"))) == 1
    assert len(run(request(0, 120, instance=""), startup(60, instance="b"))) == 1
    assert len(run(request(0, 120, instance="a"), startup(60, instance=""))) == 1


def test_a_start_is_inside_a_request_after_the_grace_and_up_to_a_second_after_its_end() -> None:
    # default grace 5 s: a start in the first 5 s belongs to the request's own cold start
    assert run(request(0, 120), startup(5)) == []
    assert len(run(request(0, 120), startup(5.5))) == 1
    # up to one second after the logged end (timestamps are rounded)
    assert len(run(request(0, 120), startup(121))) == 1
    assert run(request(0, 120), startup(121.5)) == []
    # before the request arrived: nothing
    assert run(request(10, 120), startup(1)) == []


def test_the_grace_is_a_setting() -> None:
    assert len(run(request(0, 120), startup(8))) == 1
    assert run(request(0, 120), startup(8), grace=10) == []
    assert len(run(request(0, 120), startup(8), grace=2)) == 1


def test_one_start_counts_once_however_many_requests_it_interrupts() -> None:
    hits = run(request(0, 120, index=100), request(10, 120, index=101), startup(60))
    assert [h.summary.split(" while")[0] for h in hits] == ["render restarted 1 time(s)"]


def test_start_up_lines_printed_together_are_one_start() -> None:
    lines = [
        startup(60, index=1),
        startup(60.5, index=2, message="INFO:     Waiting for application startup."),
        startup(61, index=3, message="INFO:     Application startup complete."),
    ]
    [hit] = run(request(0, 400), *lines)
    assert "restarted 1 time(s)" in hit.summary
    # a start more than a minute later is another start
    [hit] = run(request(0, 400), *lines, startup(200, index=4))
    assert "restarted 2 time(s)" in hit.summary
    assert [e.ref for e in hit.evidence] == [
        "logs.json#100",
        "logs.json#1",
        "logs.json#100",
        "logs.json#4",
    ]


def test_restarts_are_per_instance_and_ordered() -> None:
    lines = [
        startup(62, instance="b", index=2),
        startup(60, instance="a", index=1),
        startup(61, instance="a", index=3),
    ]
    assert [r.ref.location for r in restarts(lines)] == ["logs.json#1", "logs.json#2"]
    assert [r.ref.location for r in restarts(lines, window_s=0.5)] == [
        "logs.json#1",
        "logs.json#3",
        "logs.json#2",
    ]
    # exactly at the window is still the same start
    assert len(restarts([startup(0, index=1), startup(60, index=2)])) == 1
    assert len(restarts([startup(0, index=1), startup(60.5, index=2)])) == 2
    # a job's lines are keyed by the job
    job_lines = [startup(0, service="", job="a"), startup(1, service="", job="b")]
    assert len(restarts(job_lines)) == 2


def test_the_evidence_quotes_the_first_three_pairs_in_time_order() -> None:
    starts = [startup(s, index=i) for i, s in enumerate((400, 100, 300, 200))]
    [hit] = run(request(0, 500), *starts)
    assert "restarted 4 time(s)" in hit.summary and "e.g. at 2026-11-22T09:01:40Z" in hit.summary
    assert [e.ref for e in hit.evidence][1::2] == ["logs.json#1", "logs.json#3", "logs.json#2"]


def test_each_service_is_reported_on_its_own() -> None:
    hits = run(
        request(0, 120, service="b"),
        startup(60, service="b"),
        request(0, 120, service="a"),
        startup(60, service="a"),
    )
    assert [h.subject for h in hits] == ["services/a", "services/b"]


# -- executions ---------------------------------------------------------------------------------


def execution(name: str = "ingest-1", job: str = "ingest", minutes: float = 30) -> Execution:
    return Execution(
        Ref("exports", f"executions.json#{name}"),
        name,
        job,
        T0,
        T0 + timedelta(minutes=minutes),
        "failed",
    )


def task_start(seconds: float, task: int | None, index: int, **where: str) -> LogRecord:
    target = where or {"execution": "ingest-1"}
    return startup(seconds, service="", index=index, task=task, **target)


def test_a_task_that_starts_twice_restarted_mid_task() -> None:
    hits = run(execution(), task_start(1, 0, 1), task_start(600, 0, 2))
    assert hits == [
        Hit(
            subject="executions/ingest-1",
            summary="execution ingest-1 of ingest restarted 1 time(s) mid-task",
            evidence=(
                EvidenceItem(
                    "exports", "executions.json#ingest-1", "ingest-1 started 2026-11-22T09:00:00Z"
                ),
                EvidenceItem("exports", "logs.json#2", f"2026-11-22T09:10:00Z INFO {QUOTED}"),
            ),
            fix=Fix(text="Look at the lines before each restart: memory, crash or retry."),
            confidence=0.7,
        )
    ]


def test_tasks_starting_at_different_times_are_parallelism() -> None:
    assert run(execution(), task_start(1, 0, 1), task_start(600, 1, 2)) == []


def test_a_second_start_in_the_first_half_minute_is_the_first_start() -> None:
    assert run(execution(), task_start(1, 0, 1), task_start(30, 0, 2), grace=1) == []
    assert len(run(execution(), task_start(1, 0, 1), task_start(100, 0, 2), grace=1)) == 1
    # a longer grace widens that window
    assert run(execution(), task_start(1, 0, 1), task_start(100, 0, 2), grace=120) == []


def test_only_starts_of_this_execution_or_its_job_and_during_it() -> None:
    # lines naming only the job count too
    assert (
        len(
            run(execution(), task_start(1, 0, 1, job="ingest"), task_start(600, 0, 2, job="ingest"))
        )
        == 1
    )
    # another job's or execution's lines do not
    assert (
        run(execution(), task_start(1, 0, 1, job="other"), task_start(600, 0, 2, job="other")) == []
    )
    assert (
        run(
            execution(),
            task_start(1, 0, 1, execution="ingest-2"),
            task_start(600, 0, 2, execution="ingest-2"),
        )
        == []
    )
    # after the execution completed: not during it
    assert run(execution(minutes=5), task_start(1, 0, 1), task_start(600, 0, 2)) == []


# -- E001: repeated failures --------------------------------------------------------------------

E001_FIX_TEXT = (
    "Fix the first error the executions log; retries repeat it. Reproduce locally "
    "with the job's image and arguments."
)


def failed(
    name: str,
    minute: int,
    *,
    job: str = "ingest",
    reason: str = "NonZeroExitCode",
    status: str = "failed",
    timed_out: bool = False,
    timeout: float | None = None,
    region: str = "",
) -> Execution:
    return Execution(
        Ref("exports", f"executions.json#{name}"),
        name,
        job,
        at(minute * 60),
        at(minute * 60 + 30),
        status,
        reason=reason,
        message="Task failed" if not timed_out else "Task timed out",
        timed_out=timed_out,
        task_timeout_s=timeout,
        region=region,
    )


def error(execution_name: str, minute: int, message: str, index: int) -> LogRecord:
    return LogRecord(
        ref=Ref("exports", f"logs.json#{index}"),
        timestamp=at(minute * 60 + 5),
        severity="ERROR",
        message=message,
        job="ingest",
        execution=execution_name,
    )


def e001(*records: Record, minimum: int | None = None) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    if minimum is not None:
        ev.settings["execution_failures_min"] = minimum
    ev.add(records)
    return list(repeated_failures.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def e001_fix(job: str = "ingest") -> Fix:
    return Fix(
        text=E001_FIX_TEXT,
        commands=(
            'gcloud logging read \'resource.type="cloud_run_job" AND '
            f'resource.labels.job_name="{job}" AND severity>=ERROR\' --limit 50 --format=json',
        ),
    )


def test_e001_two_failures_with_the_same_first_error_in_full() -> None:
    records = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, "KeyError: 'org 41'", 1),
        error("ingest-b", 2, "KeyError: 'org 42'", 2),
        error("ingest-b", 3, "RuntimeError: later", 3),
    ]
    assert e001(*records) == [
        Hit(
            subject="jobs/ingest/NonZeroExitCode/KeyError",
            summary="2 executions of ingest failed with NonZeroExitCode (ingest-b, ingest-a); "
            "first error: KeyError: 'org 42'",
            evidence=(
                EvidenceItem(
                    "exports",
                    "executions.json#ingest-b",
                    "ingest-b 2026-11-22T09:02:00Z NonZeroExitCode: Task failed",
                ),
                EvidenceItem(
                    "exports",
                    "executions.json#ingest-a",
                    "ingest-a 2026-11-22T09:01:00Z NonZeroExitCode: Task failed",
                ),
                EvidenceItem(
                    "exports", "logs.json#2", "2026-11-22T09:02:05Z ERROR KeyError: 'org 42'"
                ),
            ),
            fix=e001_fix(),
            confidence=0.9,
        )
    ]


def test_e001_the_minimum_is_a_setting_and_inclusive() -> None:
    assert e001(failed("ingest-a", 1)) == []
    assert len(e001(failed("ingest-a", 1), failed("ingest-b", 2))) == 1
    assert e001(failed("ingest-a", 1), failed("ingest-b", 2), minimum=3) == []
    assert len(e001(failed("ingest-a", 1), minimum=1)) == 1


def test_e001_counts_only_failures_that_were_not_timeouts() -> None:
    assert e001(failed("ingest-a", 1), failed("ingest-b", 2, status="succeeded")) == []
    assert e001(failed("ingest-a", 1), failed("ingest-b", 2, timed_out=True)) == []


def test_e001_without_logged_errors_names_the_reason_only() -> None:
    [hit] = e001(failed("ingest-a", 1, reason=""), failed("ingest-b", 2, reason=""))
    assert hit.subject == "jobs/ingest/failed"
    assert hit.summary == "2 executions of ingest failed with failed (ingest-b, ingest-a)"
    assert hit.confidence == 0.7 and len(hit.evidence) == 2


def test_e001_groups_by_job_reason_and_error_kind() -> None:
    records = [
        failed("a1", 1, job="a"),
        failed("a2", 2, job="a"),
        failed("b1", 1, job="b"),
        failed("b2", 2, job="b", reason="OOMKilled"),
    ]
    assert [h.subject for h in e001(*records)] == ["jobs/a/NonZeroExitCode"]
    # errors that differ only in ids and numbers are one error
    same = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error(
            "ingest-a",
            1,
            "ValueError: row 12 of 0x1f failed (id 3f2a9b1c-1d2e-4f5a-8b9c-0d1e2f3a4b5c)",
            1,
        ),
        error(
            "ingest-b",
            2,
            "ValueError: row 97 of 0xff failed (id 00000000-1111-2222-3333-444455556666)",
            2,
        ),
    ]
    assert [h.subject for h in e001(*same)] == ["jobs/ingest/NonZeroExitCode/ValueError"]
    # different errors are different groups, each below the minimum
    different = [*same[:3], error("ingest-b", 2, "TypeError: bad row", 2)]
    assert e001(*different) == []


def test_e001_the_raised_exception_of_a_traceback_is_the_signature() -> None:
    trace = (
        'Traceback (most recent call last):\n  File "main.py", line 3\n'
        "sqlalchemy.exc.InvalidRequestError: failed to locate a name"
    )
    records = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, trace, 1),
        error("ingest-b", 2, trace, 2),
    ]
    [hit] = e001(*records)
    assert hit.subject == "jobs/ingest/NonZeroExitCode/InvalidRequestError"
    assert hit.summary.endswith(
        "first error: sqlalchemy.exc.InvalidRequestError: failed to locate a name"
    )
    # a plain first line with no exception in it is its own signature
    plain = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, "disk full\nretrying", 1),
        error("ingest-b", 2, "disk full", 2),
    ]
    [hit] = e001(*plain)
    assert hit.subject == "jobs/ingest/NonZeroExitCode/disk full"


def test_e001_names_five_executions_and_quotes_three() -> None:
    records = [failed(f"ingest-{i}", i) for i in range(7)]
    [hit] = e001(*records)
    assert "(ingest-6, ingest-5, ingest-4, ingest-3, ingest-2)" in hit.summary
    assert [e.ref for e in hit.evidence] == [f"executions.json#ingest-{i}" for i in (6, 5, 4)]


# -- E002: killed by the task timeout -----------------------------------------------------------


def e002(*records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(killed_by_timeout.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def counts(execution_name: str, entries: int, errors: int = 0) -> LogSummary:
    return LogSummary(
        ref=Ref("exports", "logs.json"),
        resource_type="cloud_run_job",
        resource="ingest",
        stream="stdout",
        entries=entries,
        errors=errors,
        warnings=0,
        first=None,
        last=None,
        execution=execution_name,
    )


def test_e002_in_full() -> None:
    records = [
        failed("ingest-a", 1, timed_out=True, timeout=600, region="europe-west1"),
        failed("ingest-b", 2, timed_out=True, timeout=7200),
        failed("ingest-c", 3),
    ]
    assert e002(*records) == [
        Hit(
            subject="jobs/ingest",
            summary="2 of 3 executions of ingest ran until the task timeout (2 h) killed them",
            evidence=(
                EvidenceItem(
                    "exports",
                    "executions.json#ingest-b",
                    "ingest-b: started 2026-11-22T09:02:00Z, ran 30 s: Task timed out",
                ),
                EvidenceItem(
                    "exports",
                    "executions.json#ingest-a",
                    "ingest-a: started 2026-11-22T09:01:00Z, ran 30 s: Task timed out",
                ),
            ),
            fix=Fix(
                text="Find out why the task does not finish: a worker that waits for messages "
                "forever (T001) never ends on its own. Raise --task-timeout only for work that "
                "genuinely needs longer.",
                commands=("gcloud run jobs describe ingest --region europe-west1 --format=yaml",),
            ),
            confidence=0.95,
            explains=("E001:jobs/ingest/TaskTimeout",),
        )
    ]


def test_e002_without_a_known_limit_or_region() -> None:
    [hit] = e002(failed("ingest-a", 1, timed_out=True))
    assert hit.summary == "1 of 1 executions of ingest ran until the task timeout killed them"
    assert hit.fix.commands == ("gcloud run jobs describe ingest --region REGION --format=yaml",)
    assert e002(failed("ingest-a", 1)) == []


def test_e002_quiet_executions_logged_at_most_ten_lines_and_no_error() -> None:
    def quiet(*summaries: LogSummary) -> str:
        [hit] = e002(failed("ingest-a", 1, timed_out=True), *summaries)
        return hit.summary.partition("; ")[2]

    said = "1 logged only start-up lines before the kill (no work processed)"
    assert quiet(counts("ingest-a", 4), counts("ingest-a", 6)) == said
    assert quiet(counts("ingest-a", 11)) == ""
    assert quiet(counts("ingest-a", 3, errors=1)) == ""
    assert quiet(counts("ingest-b", 3)) == ""  # another execution's lines
    assert quiet() == ""  # no log counts: not known to be quiet


def test_e002_quotes_the_three_latest_and_reports_each_job() -> None:
    records = [failed(f"a-{i}", i, job="a", timed_out=True) for i in range(5)]
    records.append(failed("b-1", 1, job="b", timed_out=True))
    hits = e002(*records)
    assert [h.subject for h in hits] == ["jobs/a", "jobs/b"]
    assert [e.ref for e in hits[0].evidence] == [f"executions.json#a-{i}" for i in (4, 3, 2)]


@pytest.mark.parametrize(
    ("message", "signature"),
    [
        (
            "ValueError: row 12 of 0x1f (id 3f2a9b1c-1d2e-4f5a-8b9c-0d1e2f3a4b5c)",
            "ValueError: row N of N (id N)",
        ),
        ("Traceback (most recent call last):\nKeyError: 'a'\nValueError:", "ValueError"),
        ("lxml.etree.XMLSyntaxError: line 3", "XMLSyntaxError: line N"),
        ("shard 12: disk full\nretrying", "shard N: disk full"),
        ("", ""),
        ("E" * 200, "E" * 160),
        ("ValueError: " + "x" * 200, ("ValueError: " + "x" * 200)[:160]),
    ],
)
def test_error_signature_keeps_what_an_error_is_and_drops_what_varies(
    message: str, signature: str
) -> None:
    assert error_signature(error("ingest-a", 1, message, 1)) == signature
    assert error_signature(None) == ""


def test_e001_a_plain_error_line_names_the_group_without_its_numbers() -> None:
    records = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, "shard 12: disk full", 1),
        error("ingest-b", 2, "shard 13: disk full", 2),
    ]
    assert [h.subject for h in e001(*records)] == ["jobs/ingest/NonZeroExitCode/shard N"]


def test_e002_an_execution_still_without_an_end_ran_for_an_unknown_time() -> None:
    running = replace(failed("ingest-a", 1, timed_out=True), completion_time=None)
    [hit] = e002(running)
    assert hit.evidence[0].quote == "ingest-a: started 2026-11-22T09:01:00Z, ran ?: Task timed out"


def test_e001_a_long_first_error_is_cut_at_200_characters() -> None:
    long = "RuntimeError: " + "word " * 60
    records = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, long, 1),
        error("ingest-b", 2, long, 2),
    ]
    [hit] = e001(*records)
    said = hit.summary.partition("; first error: ")[2]
    assert said.endswith("…") and len(said) <= 200 and len(said) > 190


def test_e001_the_error_kind_is_what_comes_before_the_first_colon() -> None:
    records = [
        failed("ingest-a", 1),
        failed("ingest-b", 2),
        error("ingest-a", 1, "ValueError: field a: bad", 1),
        error("ingest-b", 2, "ValueError: field a: bad", 2),
    ]
    assert [h.subject for h in e001(*records)] == ["jobs/ingest/NonZeroExitCode/ValueError"]


def test_e005_an_autoscaling_request_does_not_hide_the_next_one() -> None:
    # the first request ran on another instance and succeeded; the second ran on the
    # instance that restarted
    records = [
        request(0, 120, instance="b", index=100),
        request(10, 120, instance="a", index=101),
        startup(60, instance="a"),
    ]
    [hit] = run(*records)
    assert [e.ref for e in hit.evidence] == ["logs.json#101", "logs.json#0"]


def test_e005_a_start_before_the_execution_does_not_stop_the_search() -> None:
    records = [
        execution(),
        startup(-600, service="", job="ingest", index=1, task=0),  # the previous execution
        task_start(1, 0, 2),
        task_start(600, 0, 3),
    ]
    assert len(run(*records)) == 1


def test_e005_a_long_grace_sets_the_restart_window_exactly() -> None:
    assert run(execution(), task_start(1, 0, 1), task_start(120, 0, 2), grace=120) == []
    assert len(run(execution(), task_start(1, 0, 1), task_start(121, 0, 2), grace=120)) == 1


def test_e005_a_task_started_again_on_another_instance_after_half_a_minute() -> None:
    def restart(seconds: float) -> list[Hit]:
        first = startup(1, service="", execution="ingest-1", instance="a", index=1, task=0)
        again = startup(seconds, service="", execution="ingest-1", instance="b", index=2, task=0)
        return run(execution(), first, again)

    assert restart(30) == []
    assert len(restart(30.5)) == 1


def test_e005_quotes_three_restarts_of_a_task() -> None:
    starts = [task_start(1 + 100 * i, 0, i) for i in range(6)]
    [hit] = run(execution(), *starts)
    assert hit.summary == "execution ingest-1 of ingest restarted 5 time(s) mid-task"
    assert [e.ref for e in hit.evidence] == [
        "executions.json#ingest-1",
        "logs.json#1",
        "logs.json#2",
        "logs.json#3",
    ]


def test_restarts_put_undated_lines_last_each_its_own_start() -> None:
    undated = LogRecord(Ref("exports", "logs.json#9"), None, "INFO", STARTED, service="render")
    found = restarts([undated, startup(0, index=1), startup(1, index=2)])
    assert [r.ref.location for r in found] == ["logs.json#1", "logs.json#9"]


def test_e001_a_first_error_of_exactly_the_width_is_not_cut() -> None:
    def said(length: int) -> str:
        message = "RuntimeError: " + "x" * (length - len("RuntimeError: "))
        records = [
            failed("ingest-a", 1),
            failed("ingest-b", 2),
            error("ingest-a", 1, message, 1),
            error("ingest-b", 2, message, 2),
        ]
        [hit] = e001(*records)
        return hit.summary.partition("; first error: ")[2]

    assert not said(200).endswith("…")
    assert said(201).endswith("…")


def test_e002_counts_every_quiet_execution() -> None:
    records = [
        failed("ingest-a", 1, timed_out=True),
        failed("ingest-b", 2, timed_out=True),
        counts("ingest-a", 3),
        counts("ingest-b", 3),
    ]
    [hit] = e002(*records)
    assert hit.summary.endswith(
        "; 2 logged only start-up lines before the kill (no work processed)"
    )


# -- E005: a job task retried after its container ended mid-work -------------------------------


def platform(seconds: float, message: str, task: int, attempt: int, index: int) -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        at(seconds),
        "WARNING" if "signal" in message else "INFO",
        message,
        stream="system",
        resource_type="cloud_run_job",
        job="ingest",
        execution="ingest-1",
        task_index=task,
        task_attempt=attempt,
    )


def test_a_task_whose_container_crashed_and_ran_again_restarted_mid_work() -> None:
    records = (
        execution(),
        platform(88, "Container terminated on signal 11.", 5, 0, 1),
        platform(180, "Container called exit(0).", 5, 1, 2),
        platform(170, "Container called exit(0).", 2, 0, 3),
    )
    [hit] = run(*records)
    assert hit.subject == "executions/ingest-1"
    assert hit.summary.startswith(
        "execution ingest-1 of ingest: task 5 ended mid-work (Container terminated on signal "
        "11. at 2026-11-22T09:01:28Z, 88 s into the execution) and ran again from the start"
    )
    assert hit.confidence == 0.85


@pytest.mark.parametrize(
    "end", ["Container called exit(1).", "Memory limit of 512 MiB exceeded with 530 MiB used."]
)
def test_a_failed_or_out_of_memory_attempt_that_ran_again_restarted_mid_work(end: str) -> None:
    assert len(run(execution(), platform(300, end, 0, 0, 1), platform(400, "x", 0, 1, 2))) == 1


def test_a_crash_with_no_later_attempt_or_in_the_first_half_minute_is_no_restart() -> None:
    crash = platform(88, "Container terminated on signal 11.", 5, 0, 1)
    assert run(execution(), crash) == []  # the last attempt: a failure, not a redo
    early = platform(20, "Container terminated on signal 11.", 5, 0, 1)
    assert run(execution(), early, platform(60, "Container called exit(0).", 5, 1, 2)) == []
    # a normal end of attempt 0 is no crash, whatever came after
    ok = platform(88, "Container called exit(0).", 5, 0, 1)
    assert run(execution(), ok, platform(180, "Container called exit(0).", 5, 1, 2)) == []
    # another task's retry is not this task's
    assert run(execution(), crash, platform(180, "Container called exit(0).", 4, 1, 2)) == []


def test_retried_tasks_in_full() -> None:
    crashes = [
        platform(88 + 10 * i, "Container terminated on signal 11.", i, 0, i) for i in range(4)
    ]
    reruns = [platform(300 + i, "Container called exit(0).", i, 1, 10 + i) for i in range(4)]
    command = (
        'gcloud logging read \'resource.type="cloud_run_job" AND '
        'labels."run.googleapis.com/execution_name"="ingest-1" AND '
        'labels."run.googleapis.com/task_attempt">"0"\' --format=json'
    )
    summary = (
        "execution ingest-1 of ingest: tasks 0, 1, 2, 3 ended mid-work (Container terminated "
        "on signal 11. at 2026-11-22T09:01:28Z, 88 s into the execution) and ran again from "
        "the start: whatever the first attempt had done was done twice"
    )
    expected = Hit(
        subject="executions/ingest-1",
        summary=summary,
        evidence=(
            EvidenceItem(
                "exports", "executions.json#ingest-1", "ingest-1 started 2026-11-22T09:00:00Z"
            ),
            *(
                EvidenceItem(
                    "exports",
                    f"logs.json#{i}",
                    f"2026-11-22T09:01:{28 + 10 * i}Z WARNING Container terminated on signal 11.",
                )
                for i in range(3)
            ),
        ),
        fix=Fix(
            text="Find what ended the container (the lines just before: a native crash, memory, "
            "an unhandled error) and make the task resumable: skip items a previous attempt "
            "finished (a checkpoint, or an existence check before each side effect) so a retry "
            "does not repeat uploads, e-mails or charges.",
            commands=(command,),
        ),
        confidence=0.85,
    )
    assert run(execution(), *crashes, *reruns) == [expected]
    succeeded = replace(execution(), status="succeeded")
    [hit] = run(succeeded, *crashes, *reruns)
    assert hit.summary == summary + " although the execution succeeded"
    # an attempt that is not the task's last was retried; the last one was not
    assert run(execution(), crashes[0], replace(reruns[0], task_attempt=0)) == []


def test_an_attempt_stopped_by_the_sigterm_it_was_sent_is_no_crash() -> None:
    """Node maintenance: Cloud Run sends SIGTERM, the task releases its work and exits 143
    (128 + 15), and the next attempt finishes: the platform's ordinary stop, retried."""
    stopped = (
        platform(240, "Container terminated on signal 15.", 2, 0, 1),
        platform(240.3, "Container called exit(143).", 2, 0, 2),
        platform(300, "Container called exit(0).", 2, 1, 3),
    )
    assert run(execution(), *stopped) == []
    # the same task killed by SIGKILL (9) is still a crash that ran again
    killed = (
        platform(240, "Container terminated on signal 9.", 2, 0, 1),
        platform(300, "Container called exit(0).", 2, 1, 3),
    )
    assert len(run(execution(), *killed)) == 1
