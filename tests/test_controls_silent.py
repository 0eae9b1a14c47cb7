"""Controls for E003 (success despite errors) and E004 (jobs failing at import).

The rq log replay has its own tests (tests/test_checks_silent.py); these isolate
the guards after it: executions that succeeded, errors that were dealt with, and
what E004 says about where the missing function went.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from opsdoc.check_helpers import shorten
from opsdoc.checks.silent import (
    import_mismatch,
    job_name,
    rq_job_runs,
    silent_failure,
    unhandled,
)
from opsdoc.evidence import (
    CodeSite,
    Evidence,
    Execution,
    HttpInfo,
    JobRecord,
    LogRecord,
    Record,
    Ref,
    Subscription,
)
from opsdoc.findings import EvidenceItem, Fix, Hit

AS_OF = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def run(check: object, *records: Record) -> list[Hit]:
    ev = Evidence(as_of=AS_OF)
    ev.add(records)
    return list(check.__opsdoc_check__.func(ev))  # type: ignore[attr-defined]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def execution(status: str = "succeeded", name: str = "ingest-1") -> Execution:
    return Execution(Ref("exports", f"executions.json#{name}"), name, "ingest", T0, at(600), status)


def error(seconds: float, message: str, index: int, execution_name: str = "ingest-1") -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        at(seconds),
        "ERROR",
        message,
        job="ingest",
        execution=execution_name,
    )


E003_FIX = Fix(
    text="Let failures fail: re-raise (or raise a summary error after the loop) instead of "
    "logging and continuing, so the job is marked failed and retried or dead-lettered. Then "
    "fix the error the logs show.",
    commands=("opsdoc runbook E003",),
)


def test_e003_a_successful_execution_that_logged_errors_in_full() -> None:
    records = [execution()] + [error(10 * i, f"model not found {i}\nmore", i) for i in range(4)]
    assert run(silent_failure, *records) == [
        Hit(
            subject="executions/ingest-1",
            summary="execution ingest-1 of ingest succeeded but logged 4 error(s), first: model not found 0",
            evidence=(
                EvidenceItem(
                    "exports",
                    "executions.json#ingest-1",
                    "ingest-1 succeeded at 2026-11-22T09:10:00Z",
                ),
                EvidenceItem(
                    "exports", "logs.json#0", "2026-11-22T09:00:00Z ERROR model not found 0"
                ),
                EvidenceItem(
                    "exports", "logs.json#1", "2026-11-22T09:00:10Z ERROR model not found 1"
                ),
                EvidenceItem(
                    "exports", "logs.json#2", "2026-11-22T09:00:20Z ERROR model not found 2"
                ),
            ),
            fix=E003_FIX,
            confidence=0.8,
        )
    ]


def test_e003_only_executions_that_succeeded() -> None:
    assert run(silent_failure, execution("failed"), error(10, "boom", 1)) == []
    assert run(silent_failure, execution(), error(10, "boom", 1, execution_name="ingest-2")) == []
    assert run(silent_failure, execution()) == []


@pytest.mark.parametrize(
    "handled",
    [
        "will retry in 5 s",
        "Retrying request",
        "message nacked for redelivery",
        "requeued job 7",
        "backing off 2 s",
        "attempt 2 of 5 failed",
        "attempt 2 / 5 failed",
        "attempt 2/5 failed",
        "job 1234abcd: exception raised while executing (app.run)",
        "Moving job to FailedJobRegistry (Work-horse terminated)",
        "job 1234abcd-ef failed (Work-horse terminated unexpectedly)",
    ],
)
def test_e003_errors_dealt_with_in_their_burst_are_not_silent(handled: str) -> None:
    burst = [error(10, "Traceback (most recent call last):", 1), error(11, handled, 2)]
    assert unhandled(burst) == []
    assert run(silent_failure, execution(), *burst) == []


def test_e003_words_that_only_look_like_an_attempt_count_are_not_handled() -> None:
    burst = [error(10, "Traceback (most recent call last):", 1), error(11, "attempt 2 often", 2)]
    assert unhandled(burst) == burst


def test_e003_a_burst_ends_after_two_seconds_of_quiet() -> None:
    first = error(10, "ValueError: bad row", 1)
    retried_later = error(12.5, "will retry", 2)
    assert unhandled([first, retried_later]) == [first]
    within = error(12, "will retry", 2)
    assert unhandled([first, within]) == []
    assert unhandled([first, within], burst_s=1.0) == [first]
    # lines without a time stay in the burst they follow
    undated = LogRecord(Ref("exports", "logs.json#3"), None, "ERROR", "will retry")
    assert unhandled([first, undated]) == []


# -- E004 ---------------------------------------------------------------------------------------


def failed_job(
    job_id: str, exc: str, func: str = "app.tasks.resize", status: str = "failed"
) -> JobRecord:
    return JobRecord(
        Ref("redis", f"rq:job:{job_id}"), job_id, "images", func, status, exc_summary=exc
    )


def enqueue(defined: str, line: int = 12) -> CodeSite:
    return CodeSite(
        Ref("code", f"app/api.py:{line}"),
        "enqueue",
        "app/api.py",
        line,
        "q.enqueue(resize, key)",
        attrs=(("defined", defined), ("func", "app.tasks.resize")),
    )


RESTART_FIX = Fix(
    text="Restart or redeploy the workers from the same release as the code that "
    "enqueues, then requeue the failed jobs.",
    commands=("rq info --url $REDIS_URL", "rq requeue --all --queue QUEUE --url $REDIS_URL"),
)
MISSING = "AttributeError: module 'app.tasks' has no attribute 'resize'"


def test_e004_failed_jobs_in_the_registry_in_full() -> None:
    records = [failed_job(f"j{i}", MISSING) for i in range(4)]
    assert run(import_mismatch, *records) == [
        Hit(
            subject="jobs/app.tasks.resize",
            summary=f"4 job(s) calling app.tasks.resize failed before running: the worker could "
            f"not load it ({MISSING}). The worker runs other code than the enqueuer (check that "
            "app.tasks defines it in the worker's image)",
            evidence=tuple(
                EvidenceItem("redis", f"rq:job:j{i}", f"job j{i} app.tasks.resize: {MISSING}")
                for i in range(3)
            ),
            fix=RESTART_FIX,
            confidence=0.85,
            explains=("E001:jobs/app.tasks.resize*",),
        )
    ]


def test_e004_only_failed_jobs_failing_at_import() -> None:
    assert run(import_mismatch, failed_job("j1", MISSING, status="finished")) == []
    assert run(import_mismatch, failed_job("j1", "ValueError: bad size")) == []
    assert (
        len(run(import_mismatch, failed_job("j1", "ModuleNotFoundError: No module named 'app.v2'")))
        == 1
    )


def test_e004_code_that_enqueues_and_defines_it_means_old_workers() -> None:
    [hit] = run(
        import_mismatch,
        failed_job("j1", MISSING),
        enqueue("true"),
        enqueue("true", 30),
        enqueue("true", 40),
    )
    assert hit.summary.endswith(
        " This code enqueues it at app/api.py:12 and defines it, so the workers run an older "
        "release than the enqueuer: redeploy or restart them"
    )
    assert [e.ref for e in hit.evidence] == ["app/api.py:12", "app/api.py:30", "rq:job:j1"]
    assert hit.fix == RESTART_FIX


def test_e004_code_that_enqueues_a_function_nobody_defines_is_a_typo_or_a_rename() -> None:
    [hit] = run(import_mismatch, failed_job("j1", MISSING), enqueue("false"))
    assert hit.summary.endswith(
        " This code enqueues it at app/api.py:12, but app.tasks defines no resize: a renamed "
        "or removed function, or a typo in the enqueue call"
    )
    assert hit.fix == Fix(
        text="Fix the enqueue call or restore resize (keep the old name as an alias while "
        "queued jobs still reference it), then requeue the failed jobs.",
        commands=RESTART_FIX.commands,
    )
    # one site that defines it outweighs one that does not
    [hit] = run(import_mismatch, failed_job("j1", MISSING), enqueue("false"), enqueue("true", 30))
    assert "so the workers run an older release" in hit.summary
    assert hit.fix == RESTART_FIX


# -- the rq log replay and the burst context, edges found by mutation testing --------------------


def line(n: int, message: str, severity: str = "INFO") -> LogRecord:
    """Line ``n`` of a plain-text worker log."""
    return LogRecord(Ref("exports", f"worker.log:{n}"), None, severity, message, stream="file")


NO_MODULE = "ModuleNotFoundError: No module named 'shop'"


def test_e004_rq1_tracebacks_without_a_failure_line_in_full() -> None:
    lines = [
        line(1, "Worker w1: default: shop.tasks.refund(7) (abcd1234-0001)"),
        line(2, "Traceback (most recent call last):", "ERROR"),
        line(3, '  File "rq/utils.py", line 12, in import_attribute', "ERROR"),
        line(4, NO_MODULE, "ERROR"),
        # the next job on this worker: the last one failed without saying so (rq 1.x)
        line(5, "Worker w1: default: shop.tasks.refund(8) (abcd1234-0002)"),
        line(6, "ImportError: cannot import name 'x'", "ERROR"),
        line(7, NO_MODULE, "ERROR"),
        # the log ends while it runs
    ]
    assert run(import_mismatch, *reversed(lines)) == [
        Hit(
            subject="jobs/shop.tasks.refund",
            summary="2 job(s) calling shop.tasks.refund failed before running: the worker could "
            f"not load it ({NO_MODULE}). The worker runs other code than the enqueuer (check "
            "that shop.tasks defines it in the worker's image)",
            evidence=(
                EvidenceItem("exports", "worker.log:4", f"? ERROR {NO_MODULE}"),
                EvidenceItem(
                    "exports", "worker.log:7", "? ERROR ImportError: cannot import name 'x'"
                ),
            ),
            fix=RESTART_FIX,
            confidence=0.85,
            explains=("E001:jobs/shop.tasks.refund*",),
        )
    ]
    # a job still running with errors that are not about loading it has not failed
    assert run(import_mismatch, lines[4], line(6, "ValueError: bad size", "ERROR")) == []


def test_e004_the_code_defines_it_in_full_summary() -> None:
    [hit] = run(import_mismatch, failed_job("j1", MISSING), enqueue("true"))
    assert hit.summary == (
        f"1 job(s) calling app.tasks.resize failed before running: the worker could not load it "
        f"({MISSING}). This code enqueues it at app/api.py:12 and defines it, so the workers run "
        "an older release than the enqueuer: redeploy or restart them"
    )
    assert hit.evidence[0] == EvidenceItem("code", "app/api.py:12", "q.enqueue(resize, key)")


def test_e003_an_rq_job_ok_after_errors_in_full() -> None:
    long = "upstream said no " + "x" * 150  # 167 characters: cut to 160
    lines = [
        line(1, "Worker w1: default: shop.tasks.send(7) (abcd1234-0001)"),
        line(2, long, "ERROR"),
        line(3, "Worker w1: default: Job OK (abcd1234-0001)"),
    ]
    assert run(silent_failure, *reversed(lines)) == [
        Hit(
            subject="jobs/shop.tasks.send",
            summary="1 run(s) of shop.tasks.send reported success (rq `Job OK`) after logging 1 "
            f"error(s), e.g. {shorten(long, 160)}",
            evidence=(
                EvidenceItem(
                    "exports",
                    "worker.log:1",
                    "? INFO Worker w1: default: shop.tasks.send(7) (abcd1234-0001)",
                ),
                EvidenceItem("exports", "worker.log:2", f"? ERROR {long}"[:240]),
                EvidenceItem(
                    "exports", "worker.log:3", "? INFO Worker w1: default: Job OK (abcd1234-0001)"
                ),
            ),
            fix=E003_FIX,
            confidence=0.9,
        )
    ]
    assert len(shorten(long, 160)) == 160


def cloud(index: int, message: str, severity: str = "INFO", job: str = "worker") -> LogRecord:
    """A Cloud Logging entry: all at one second, newest first in the export."""
    return LogRecord(
        Ref("exports", f"logs.json#{index}"), T0, severity, message, service=job, stream="stdout"
    )


def test_e003_cloud_logging_entries_of_one_second_are_read_oldest_first() -> None:
    entries = [
        cloud(3, "Worker w1: default: Job OK (abcd1234-0001)"),
        cloud(4, "boom", "ERROR"),
        cloud(5, "Worker w1: default: shop.tasks.send(7) (abcd1234-0001)"),
        LogRecord(Ref("exports", "logs.json#9"), None, "ERROR", "undated", service="worker"),
    ]
    [hit] = run(silent_failure, *entries)
    assert hit.subject == "jobs/shop.tasks.send"


def test_e003_a_later_execution_is_read_after_a_failed_one() -> None:
    records = [execution("failed", "ingest-0"), execution(), error(10, "boom", 1)]
    [hit] = run(silent_failure, *records)
    assert hit.subject == "executions/ingest-1"


def test_e003_handled_lines_nearby_in_the_run_are_read_too() -> None:
    handled = LogRecord(
        Ref("exports", "logs.json#9"),
        at(13),
        "INFO",
        "job abcd1234: exception raised while executing (app.run)",
        job="ingest",
        execution="ingest-1",
    )
    assert (
        run(silent_failure, execution(), error(10, "boom", 1), error(11, "again", 2), handled) == []
    )


@pytest.mark.parametrize(
    ("seconds", "dealt"),
    [(8.0, True), (9.0, True), (13.0, True), (13.5, False), (7.5, False)],
)
def test_e003_handled_context_within_two_seconds_of_the_burst(seconds: float, dealt: bool) -> None:
    burst = [error(10, "boom", 1), error(11, "again", 2)]
    undated = LogRecord(Ref("exports", "logs.json#5"), None, "INFO", "will retry")
    context = [error(seconds, "will retry", 3), undated]
    assert (unhandled(burst, context=context) == []) is dealt


def test_e003_an_undated_burst_is_never_handled_by_its_context() -> None:
    near = [error(10, "will retry", 3)]
    undated = LogRecord(Ref("exports", "logs.json#1"), None, "ERROR", "boom")
    assert unhandled([undated], context=near) == [undated]
    both = [undated, error(10, "again", 2)]
    assert unhandled(both, context=near) == both
    assert unhandled([error(10, "again", 2), undated], context=near) == [
        error(10, "again", 2),
        undated,
    ]


def runs(*records: LogRecord) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (job.job_id, job.func, job.queue, outcome, end.ref.location, end.message)
        for job, outcome, end in rq_job_runs(list(records))
    ]


def test_rq_replay_joins_a_failure_with_the_traceback_lines_after_it() -> None:
    lines = [
        line(1, "Worker w1: images: shop.tasks.refund(7) (abcd1234-0001)"),
        line(
            2, "Worker w1: job abcd1234-0001: exception raised while executing (shop.tasks.refund)"
        ),
        line(3, "Traceback (most recent call last):", "ERROR"),
        line(4, "ValueError: Invalid attribute name: refund", "ERROR"),
        line(5, ""),
        line(6, "Worker w1: images: Job OK (abcd1234-0002)"),
        # a job still running at the end with errors that are not about loading it
        line(7, "Worker w1: images: shop.tasks.send(8) (abcd1234-0003)"),
        line(8, "ValueError: bad size", "ERROR"),
    ]
    assert runs(*reversed(lines)) == [
        (
            "abcd1234-0001",
            "shop.tasks.refund",
            "images",
            "failed",
            "worker.log:2",
            "Worker w1: job abcd1234-0001: exception raised while executing (shop.tasks.refund)\n"
            "Traceback (most recent call last):\nValueError: Invalid attribute name: refund\n",
        )
    ]
    [hit] = run(import_mismatch, *lines)
    assert hit.evidence == (
        EvidenceItem(
            "exports", "worker.log:2", "? INFO ValueError: Invalid attribute name: refund"
        ),
    )


def test_rq_replay_reads_each_file_and_each_resource_apart() -> None:
    def entry(
        file: str, seconds: float, message: str, job: str = "worker", severity: str = "INFO"
    ) -> LogRecord:
        return LogRecord(
            Ref("exports", f"{file}#{int(seconds)}"), at(seconds), severity, message, job=job
        )

    start = "Worker w1: default: shop.tasks.send(7) (abcd1234-0001)"
    ok = "Worker w1: default: Job OK (abcd1234-0001)"
    # another export file of the same job, and another job in the same file
    for other in (
        entry("b.json", 2, "boom", severity="ERROR"),
        entry("a.json", 2, "boom", "api", "ERROR"),
    ):
        assert run(silent_failure, entry("a.json", 1, start), other, entry("a.json", 3, ok)) == []
    assert (
        len(
            run(
                silent_failure,
                entry("a.json", 1, start),
                entry("a.json", 2, "boom", severity="ERROR"),
                entry("a.json", 3, ok),
            )
        )
        == 1
    )
    # an entry named by its API resource, not by file#index
    named = LogRecord(
        Ref("logging", "projects/acme/logs/run"), at(5), "INFO", "hello", job="worker"
    )
    assert run(silent_failure, named) == []
    # a text log line without a line number
    assert (
        run(
            silent_failure,
            LogRecord(Ref("exports", "worker.log"), None, "INFO", "x", stream="file"),
        )
        == []
    )


def test_job_name_is_the_function_or_the_description() -> None:
    assert job_name("shop.tasks.send(7, x=1)") == "shop.tasks.send"
    assert job_name("nightly export") == "nightly export"
    assert job_name("d" * 100) == "d" * 80


def test_e003_an_execution_s_first_error_is_cut_at_160() -> None:
    long = "upstream said no " + "x" * 150
    [hit] = run(silent_failure, execution(), error(10, long, 1))
    assert hit.summary == (
        f"execution ingest-1 of ingest succeeded but logged 1 error(s), first: {shorten(long, 160)}"
    )


def test_rq_replay_an_unprefixed_rq_line_ends_a_traceback() -> None:
    failed = [
        line(1, "images: shop.tasks.refund(7) (abcd1234-0001)"),
        line(2, "job abcd1234-0001: exception raised while executing (shop.tasks.refund)"),
        line(3, "ValueError: Invalid attribute name: refund", "ERROR"),
    ]
    joined = (
        "job abcd1234-0001: exception raised while executing (shop.tasks.refund)\n"
        "ValueError: Invalid attribute name: refund"
    )
    after_start = [
        line(4, "images: shop.tasks.send(8) (abcd1234-0002)"),
        line(5, "images: Job OK (abcd1234-0002)"),
    ]
    assert [(r[0], r[3], r[5]) for r in runs(*failed, *after_start)] == [
        ("abcd1234-0001", "failed", joined),
        ("abcd1234-0002", "ok", "images: Job OK (abcd1234-0002)"),
    ]
    after_ok = [line(4, "images: Job OK (abcd1234-0009)")]
    assert [r[5] for r in runs(*failed, *after_ok)] == [joined]


def test_rq_replay_paths_with_separators_in_them() -> None:
    # a Windows path: the line number follows the last colon
    lines = [
        LogRecord(Ref("exports", f"C:/logs/worker.log:{n}"), None, severity, message, stream="file")
        for n, severity, message in [
            (1, "INFO", "Worker w1: default: shop.tasks.send(7) (abcd1234-0001)"),
            (2, "ERROR", "boom"),
            (3, "INFO", "Worker w1: default: Job OK (abcd1234-0001)"),
        ]
    ]
    assert len(run(silent_failure, *reversed(lines))) == 1

    # a folder with '#' in its name: the entry index follows the last '#'
    def entry(file: str, index: int, message: str, severity: str = "INFO") -> LogRecord:
        return LogRecord(Ref("exports", f"run#2/{file}#{index}"), T0, severity, message, job="w")

    newest_first = [
        entry("a.json", 3, "Worker w1: default: Job OK (abcd1234-0001)"),
        entry("a.json", 4, "boom", "ERROR"),
        entry("a.json", 5, "Worker w1: default: shop.tasks.send(7) (abcd1234-0001)"),
    ]
    assert len(run(silent_failure, *newest_first)) == 1
    other_file = [newest_first[0], entry("b.json", 4, "boom", "ERROR"), newest_first[2]]
    assert run(silent_failure, *other_file) == []


# -- E003: push deliveries acknowledged while the handler logged an error ------------------------

PUSH_SUB = Subscription(
    Ref("exports", "subscription.json"),
    "events-ingest",
    ack_deadline_s=30,
    push_endpoint="https://ingest-x.a.run.app/pubsub/events",
    dead_letter_topic="projects/p/topics/events-dead",
)


def delivery(seconds: float, index: int, status: int = 204, instance: str = "i-1") -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        at(seconds),
        "INFO",
        "POST /pubsub/events",
        stream="requests",
        service="ingest",
        instance=instance,
        http=HttpInfo(method="POST", path="/pubsub/events", status=status, latency_s=0.05),
    )


def app_error(seconds: float, index: int, message: str = "failed to store event") -> LogRecord:
    return LogRecord(
        Ref("exports", f"logs.json#{index}"),
        at(seconds),
        "ERROR",
        f"{message}\nTraceback (most recent call last):\npsycopg2.errors.UndefinedColumn: x",
        stream="stdout",
        service="ingest",
        instance="i-1",
    )


def acked_failures(count: int, **kw: object) -> list[LogRecord]:
    out: list[LogRecord] = []
    for n in range(count):
        out += [delivery(60.0 * n, 2 * n, **kw), app_error(60.0 * n + 0.02, 2 * n + 1)]  # type: ignore[arg-type]
    return out


def test_e003_push_deliveries_acked_while_the_handler_logged_errors() -> None:
    [hit] = run(silent_failure, PUSH_SUB, *acked_failures(3), delivery(500, 99))
    assert hit.subject == "subscriptions/events-ingest"
    assert hit.summary.startswith(
        "3 of 4 push deliveries of events-ingest to /pubsub/events were acknowledged (HTTP 204)"
    )
    assert "dead-letter topic events-dead never receives them" in hit.summary
    assert hit.confidence == 0.85


def test_e003_push_needs_three_acked_failures() -> None:
    assert run(silent_failure, PUSH_SUB, *acked_failures(2)) == []


def test_e003_push_a_delivery_answered_with_an_error_is_retried_not_silent() -> None:
    assert run(silent_failure, PUSH_SUB, *acked_failures(3, status=500)) == []


def test_e003_push_an_error_on_another_instance_or_after_the_request_is_not_its_failure() -> None:
    elsewhere = acked_failures(3, instance="i-2")
    assert run(silent_failure, PUSH_SUB, *elsewhere) == []
    late = [
        r if r.http else replace(r, timestamp=r.timestamp + timedelta(seconds=5))
        for r in acked_failures(3)
    ]  # type: ignore[operator]
    assert run(silent_failure, PUSH_SUB, *late) == []


def test_e003_push_a_pull_subscription_or_retried_errors_are_not_this() -> None:
    pull = replace(PUSH_SUB, push_endpoint="")
    assert run(silent_failure, pull, *acked_failures(3)) == []
    retried = [
        r if r.http else replace(r, message="failed to store event, retrying in 2s")
        for r in acked_failures(3)
    ]
    assert run(silent_failure, PUSH_SUB, *retried) == []


def test_e003_push_in_full() -> None:
    def pair(n: int) -> tuple[EvidenceItem, EvidenceItem]:
        return (
            EvidenceItem(
                "exports",
                f"logs.json#{2 * n}",
                f"2026-11-22T09:0{n}:00Z INFO POST /pubsub/events 204 0.1s",
            ),
            EvidenceItem(
                "exports",
                f"logs.json#{2 * n + 1}",
                f"2026-11-22T09:0{n}:00Z ERROR failed to store event",
            ),
        )

    assert run(silent_failure, PUSH_SUB, *acked_failures(3)) == [
        Hit(
            subject="subscriptions/events-ingest",
            summary="3 of 3 push deliveries of events-ingest to /pubsub/events were acknowledged "
            "(HTTP 204) while the handler logged an error handling them, e.g. failed to store "
            "event: Pub/Sub counts those messages delivered and never retries them; its "
            "dead-letter topic events-dead never receives them",
            evidence=(
                EvidenceItem(
                    "exports",
                    "subscription.json",
                    "push endpoint https://ingest-x.a.run.app/pubsub/events",
                ),
                *pair(0),
                *pair(1),
            ),
            fix=Fix(
                text="Answer a delivery whose processing failed with an error status (or let the "
                "exception propagate to a 500) so Pub/Sub retries it and, after "
                "max_delivery_attempts, sends it to the dead-letter topic; ack only what was done "
                "or can never succeed.",
                commands=("opsdoc runbook E003",),
            ),
            confidence=0.85,
        )
    ]
    no_dead_letter = replace(PUSH_SUB, dead_letter_topic="")
    [hit] = run(silent_failure, no_dead_letter, *acked_failures(3))
    assert hit.summary.endswith("never retries them")
    # a GET to the path, or a request with no time, is no delivery
    gets = [
        replace(r, http=replace(r.http, method="GET")) if r.http else r for r in acked_failures(3)
    ]
    assert run(silent_failure, PUSH_SUB, *gets) == []
    # an error 1.2 s after a 0.05 s request is past its span and the second of slack
    late = [
        r if r.http else replace(r, timestamp=r.timestamp + timedelta(seconds=1.2))  # type: ignore[operator]
        for r in acked_failures(3)
    ]
    assert run(silent_failure, PUSH_SUB, *late) == []
    # at the edge of the slack it still counts
    edge = [
        r if r.http else replace(r, timestamp=r.timestamp + timedelta(seconds=1.0))  # type: ignore[operator]
        for r in acked_failures(3)
    ]
    assert len(run(silent_failure, PUSH_SUB, *edge)) == 1


def test_e003_push_the_platform_killing_the_instance_is_not_the_handler_s_error() -> None:
    """Cloud Run's memory-limit line lands on the instance beside the deliveries it still
    answered: the platform's line (E005's evidence), not a failure the handler logged."""
    memory = (
        "Memory limit of 512 MiB exceeded with 524 MiB used. Consider increasing the memory "
        "limit, see https://cloud.google.com/run/docs/configuring/memory-limits"
    )
    killed = [
        r if r.http else replace(r, message=memory, stream="system") for r in acked_failures(3)
    ]
    assert run(silent_failure, PUSH_SUB, *killed) == []
    # the same line on stderr, as plain text: still the platform's words
    plain = [
        r if r.http else replace(r, message=memory, stream="stderr") for r in acked_failures(3)
    ]
    assert run(silent_failure, PUSH_SUB, *plain) == []
