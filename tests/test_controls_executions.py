"""Controls for E005 (restart while work was in flight): one guard per test.

Start-up lines and request entries are built in-process, shaped as the exports
reader records them, so each test holds only what its guard reads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsdoc.checks.executions import restart_mid_work, restarts
from opsdoc.evidence import Evidence, Execution, HttpInfo, LogRecord, Record, Ref
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
