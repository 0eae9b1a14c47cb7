"""The offline evidence reader: every format by content, and bad input as problems."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsdoc.evidence import (
    Execution,
    JobConfig,
    LogRecord,
    LogSummary,
    QueueStats,
    ServiceConfig,
    Subscription,
    WorkerBeat,
)
from opsdoc.sources.base import SourceContext, SourceResult
from opsdoc.sources.exports import ExportsSource
from opsdoc.sources.exports.jsonlist import ListStream

FIX = Path(__file__).parent / "fixtures" / "exports"
AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def collect(*paths: str | Path, as_of: datetime = AS_OF) -> SourceResult:
    ctx = SourceContext(as_of=as_of, root=".", deadline_s=60)
    return ExportsSource([str(p) for p in paths]).collect(ctx)


def of(result: SourceResult, kind: type) -> list:
    return [r for r in result.records if type(r) is kind]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path so display paths are short and relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- Cloud Run executions --------------------------------------------------------------------


def test_executions_list_json_maps_every_status():
    result = collect(FIX / "gcloud" / "executions-list.json")
    execs = of(result, Execution)
    assert [e.name.rsplit("-", 1)[1] for e in execs] == [
        "x7k2p",
        "fjj8s",
        "hrt92",
        "qbkvs",
        "b6bjv",
        "q9qvx",
    ]
    running, timeout, crash, *_, ok = execs
    assert running.status == "running" and running.completion_time is None
    assert timeout.status == "failed" and timeout.timed_out
    assert timeout.task_timeout_s == 5400.0
    assert timeout.duration == timedelta(minutes=95, seconds=1, microseconds=713095)
    assert crash.reason == "NonZeroExitCode" and not crash.timed_out
    assert crash.retried_count == 3
    # proto3 JSON omits zero counts: they default to 0
    assert ok.status == "succeeded" and ok.succeeded_count == 1 and ok.failed_count == 0
    assert timeout.job == "dev-vividly-content-worker" and timeout.region == "us-central1"
    assert timeout.ref.location.endswith("executions-list.json#1")
    assert result.problems == [] and result.skipped == []


def test_execution_yaml_and_json_describe_agree():
    (from_yaml,) = of(collect(FIX / "gcloud" / "execution-describe.yaml"), Execution)
    (from_json,) = of(collect(FIX / "gcloud" / "execution-describe.json"), Execution)
    assert from_yaml.ref.location.endswith("execution-describe.yaml")  # single: no #index
    assert {**_fields(from_yaml), "ref": None} == {**_fields(from_json), "ref": None}


def test_executions_list_yaml_is_a_multi_document_stream():
    execs = of(collect(FIX / "gcloud" / "executions-list.yaml"), Execution)
    assert [e.ref.location.rsplit("#", 1)[1] for e in execs] == ["0", "1"]
    assert [e.timed_out for e in execs] == [True, False]


def test_an_execution_both_listed_and_described_is_one_execution(work: Path):
    """``executions list`` and ``executions describe`` saved side by side print the same
    execution twice; E001/E002 must count it once. A running copy listed before the
    describe that shows it ended gives way to the finished account."""
    listed = json.loads((FIX / "gcloud" / "executions-list.json").read_text())
    running = json.loads(json.dumps(listed[1]))
    for key in ("completionTime", "failedCount", "conditions"):
        running["status"].pop(key, None)
    running["status"]["runningCount"] = 1
    Path("running.json").write_text(json.dumps([running]))
    result = collect(
        "running.json",
        FIX / "gcloud" / "executions-list.json",
        FIX / "gcloud" / "execution-describe.yaml",
    )
    execs = of(result, Execution)
    names = [e.name.rsplit("-", 1)[1] for e in execs]
    assert names == ["fjj8s", "x7k2p", "hrt92", "qbkvs", "b6bjv", "q9qvx"]
    assert execs[0].status == "failed" and execs[0].timed_out
    assert execs[0].ref.location.endswith("executions-list.json#1")


def test_v2_execution_json_maps_like_v1():
    (v2,) = of(collect(FIX / "gcloud" / "execution-v2.json"), Execution)
    (v1,) = of(collect(FIX / "gcloud" / "execution-describe.json"), Execution)
    assert v2.name == v1.name and v2.job == v1.job
    assert v2.status == "failed" and v2.timed_out and v2.task_timeout_s == 5400.0
    assert v2.start_time == v1.start_time and v2.completion_time == v1.completion_time
    assert v2.region == "us-central1"


def test_cancelled_and_unknown_conditions(work: Path):
    doc = json.loads((FIX / "gcloud" / "execution-describe.json").read_text())
    doc["status"]["cancelledCount"] = 1
    del doc["status"]["failedCount"]
    (work / "cancelled.json").write_text(json.dumps(doc))
    doc["status"].pop("cancelledCount")
    doc["status"].pop("completionTime")
    doc["status"]["conditions"][0] = {"status": "Unknown", "type": "Completed"}
    doc["metadata"]["name"] += "-2"  # another execution: one name is one execution
    (work / "running.json").write_text(json.dumps(doc))
    cancelled, running = of(collect("cancelled.json", "running.json"), Execution)
    assert cancelled.status == "cancelled" and cancelled.failed_count == 0
    assert running.status == "running"


# -- jobs, services, subscriptions ----------------------------------------------------------


@pytest.mark.parametrize("name", ["job-describe.json", "job-describe.yaml"])
def test_job_config(name: str):
    (job,) = of(collect(FIX / "gcloud" / name), JobConfig)
    assert job.name == "dev-vividly-content-worker"
    assert job.task_timeout_s == 5400.0 and job.max_retries == 3
    assert job.task_count == 1 and job.parallelism == 1
    assert job.command == ("python",) and job.args == ("-m", "app.workers.content_worker")
    # secret references (valueFrom) are not evidence and must not leak
    assert dict(job.env) == {
        "ENVIRONMENT": "dev",
        "PUBSUB_SUBSCRIPTION": "content-generation-worker-sub",
        "GCP_PROJECT_ID": "vividly-dev-rich",
    }
    assert job.region == "us-central1"


def test_service_defaults_and_annotations():
    (default,) = of(collect(FIX / "gcloud" / "service-describe.json"), ServiceConfig)
    assert default.cpu_throttling is True  # annotation absent: CPU only during requests
    assert default.request_timeout_s == 300.0 and default.concurrency == 80
    assert default.max_scale == 10 and default.min_scale is None
    assert default.latest_revision == "podcast-api-00412-q7d" and default.region == "us-west1"
    (fixed,) = of(collect(FIX / "gcloud" / "service-describe.yaml"), ServiceConfig)
    assert fixed.cpu_throttling is False and fixed.min_scale == 1
    assert fixed.request_timeout_s == 3600.0


def test_service_timeout_absent_defaults_to_300_and_throttling_case(work: Path):
    doc = json.loads((FIX / "gcloud" / "service-describe.json").read_text())
    del doc["spec"]["template"]["spec"]["timeoutSeconds"]
    doc["spec"]["template"]["metadata"]["annotations"]["run.googleapis.com/cpu-throttling"] = (
        "FALSE"
    )
    (work / "svc.json").write_text(json.dumps(doc, indent=2))
    (svc,) = of(collect("svc.json"), ServiceConfig)
    assert svc.request_timeout_s == 300.0 and svc.cpu_throttling is False


def test_subscriptions():
    (pull,) = of(collect(FIX / "gcloud" / "subscription-describe.yaml"), Subscription)
    assert pull.name == "content-generation-worker-sub" and pull.ack_deadline_s == 60.0
    assert pull.dead_letter_topic.endswith("/content-generation-dlq")
    assert pull.max_delivery_attempts == 5 and pull.push_endpoint == ""
    (push,) = of(collect(FIX / "gcloud" / "subscription-describe.json"), Subscription)
    assert push.ack_deadline_s == 10.0  # omitted: the Pub/Sub default
    assert push.push_endpoint.endswith("/pubsub/push") and push.exactly_once is True


# -- Cloud Logging exports ------------------------------------------------------------------


def test_service_log_export_keeps_informative_entries():
    result = collect(FIX / "gcloud" / "logs-service.json")
    logs = of(result, LogRecord)
    messages = [r.message for r in logs]
    assert "INFO:     Started server process [1]" in messages  # restarts are kept
    assert not any("/health" in (r.http.url if r.http else "") for r in logs)  # fast 200s not
    timeout = next(r for r in logs if r.http and r.http.status == 504)
    assert timeout.severity == "ERROR" and timeout.stream == "requests"
    assert timeout.http.latency_s == pytest.approx(300.001283457)
    assert timeout.http.path == "/api/tasks/assemble" and timeout.http.method == "POST"
    assert timeout.service == "podcast-api" and timeout.revision == "podcast-api-00412-q7d"
    assert timeout.instance.startswith("00f46b")
    assert timeout.timestamp == datetime(2025, 10, 29, 0, 43, 7, 96533, tzinfo=UTC)
    slow = next(r for r in logs if r.http and r.http.status == 200)
    assert slow.http.latency_s == pytest.approx(87.513202884)
    warning = next(r for r in logs if r.severity == "WARNING")
    assert warning.message == "stale job detected for episode 7f3e4c1f, re-queueing"
    summaries = {s.stream: s for s in of(result, LogSummary)}
    assert summaries["requests"].entries == 4 and summaries["requests"].errors == 1
    assert summaries["stdout"].entries == 7 and summaries["stdout"].warnings == 1
    assert summaries["stdout"].first == datetime(2025, 10, 29, 0, 36, 37, 91533, tzinfo=UTC)
    assert result.detail == "1 file: 1 log export (11 entries)"


def test_job_log_export_streams_executions_and_edges():
    result = collect(FIX / "gcloud" / "logs-job.json")
    logs = of(result, LogRecord)
    system = [r for r in logs if r.stream == "system"]
    assert {r.message.split(" ")[0] for r in system} == {"Container", "Terminating"}
    fjj8s = [r for r in logs if r.execution.endswith("fjj8s")]
    # first and last 5 of the execution, plus the platform line: the middle is summarised
    alive = [r for r in fjj8s if r.message.startswith("Worker alive")]
    assert len(alive) == 7 and all(r.severity == "INFO" for r in alive)
    assert fjj8s[0].task_index == 0 and fjj8s[0].job == "dev-vividly-content-worker"
    trace = next(r for r in logs if r.severity == "ERROR" and r.stream == "stderr")
    assert "sqlalchemy.exc.InvalidRequestError" in trace.message
    summaries = {(s.execution, s.stream): s for s in of(result, LogSummary)}
    assert summaries[("dev-vividly-content-worker-fjj8s", "stdout")].entries == 13
    assert summaries[("dev-vividly-content-worker-hrt92", "system")].warnings == 1
    assert all(s.resource == "dev-vividly-content-worker" for s in summaries.values())


def test_json_payload_without_message_is_kept_compact(work: Path):
    entry = {
        "insertId": "1",
        "jsonPayload": {"action": "crash", "code": 7},
        "logName": "projects/p/logs/run.googleapis.com%2Fstdout",
        "resource": {"labels": {"service_name": "s"}, "type": "cloud_run_revision"},
        "severity": "ERROR",
        "timestamp": "2025-10-29T00:36:37Z",
    }
    (work / "one.json").write_text(json.dumps([entry]))
    (rec,) = of(collect("one.json"), LogRecord)
    assert rec.message == '{"action":"crash","code":7}'
    assert rec.timestamp == datetime(2025, 10, 29, 0, 36, 37, tzinfo=UTC)
    assert rec.ref.location == "one.json#0"


def test_truncated_log_export_keeps_complete_entries(work: Path):
    data = (FIX / "gcloud" / "logs-service.json").read_bytes()
    cut = data.index(b'"status": 504')  # inside entry 3
    (work / "cut.json").write_bytes(data[:cut])
    result = collect("cut.json")
    logs = of(result, LogRecord)
    assert [r.ref.location for r in logs] == ["cut.json#1", "cut.json#2"]
    (problem,) = result.problems
    assert problem.input == "cut.json" and "truncated" in problem.reason
    assert "3 complete entries" in problem.reason


def test_corrupt_entry_is_reported_with_its_index(work: Path):
    data = (FIX / "gcloud" / "logs-service.json").read_text()
    broken = data.replace('"severity": "WARNING",', '"severity": WARNING,')
    (work / "bad.json").write_text(broken)
    result = collect("bad.json")
    (problem,) = result.problems
    assert problem.reason.startswith("malformed JSON in entry 5")
    assert {r.ref.location for r in of(result, LogRecord)} >= {"bad.json#1", "bad.json#3"}


def _relayout(src: Path, dst: Path, **dump: object) -> None:
    dst.write_text(json.dumps(json.loads(src.read_text()), **dump))  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", [{}, {"indent": 4}, {"separators": (",", ":")}])
def test_fast_path_and_ijson_give_identical_records(work: Path, layout: dict):
    src = FIX / "gcloud" / "logs-job.json"
    shutil.copy(src, work / "pretty.json")
    _relayout(src, work / "other.json", **layout)
    fast = collect("pretty.json")
    other = collect("other.json")
    assert other.problems == [] and fast.problems == []

    def strip(res: SourceResult) -> list[dict]:
        return [{**_fields(r), "ref": r.ref.location.partition(".json")[2]} for r in res.records]

    assert strip(fast) == strip(other)
    assert len(fast.records) > 10


def test_fast_path_splits_across_small_chunks():
    with open(FIX / "gcloud" / "logs-service.json", "rb") as fp:
        whole = list(ListStream(fp))
    with open(FIX / "gcloud" / "logs-service.json", "rb") as fp:
        small = ListStream(fp, chunk=300)
        items = list(small)
    with open(FIX / "gcloud" / "logs-service.json", "rb") as fp:
        slow = list(ListStream(fp, fast=False))
    assert items == whole == slow and len(whole) == 11 and small.error is None


def test_caps_bound_kept_records_and_count_the_rest(work: Path):
    entries = [
        {
            "logName": "projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem",
            "resource": {"labels": {"service_name": "s"}, "type": "cloud_run_revision"},
            "severity": sev,
            "textPayload": f"line {i}",
            "timestamp": f"2025-10-29T00:36:{i % 60:02d}.000001Z",
        }
        for i, sev in enumerate(["INFO", "ERROR"] * 30)
    ]
    (work / "many.json").write_text(json.dumps(entries, indent=2))
    from opsdoc.sources.exports import logentries

    collector = logentries.LogCollector("many.json", max_info=10, max_errors=5)
    with open("many.json", "rb") as fp:
        for i, item in enumerate(ListStream(fp)):
            collector.add(i, item)
    records = collector.finish()
    kept = [r for r in records if isinstance(r, LogRecord)]
    assert len(kept) == 15
    assert (collector.dropped_info, collector.dropped_errors) == (20, 25)
    (summary,) = [r for r in records if isinstance(r, LogSummary)]
    assert summary.entries == 60 and summary.errors == 30 and summary.stream == "system"


def test_long_messages_are_cut_and_secrets_redacted(work: Path):
    entry = {
        "logName": "projects/p/logs/run.googleapis.com%2Fstderr",
        "resource": {"labels": {"job_name": "j"}, "type": "cloud_run_job"},
        "severity": "ERROR",
        "textPayload": "connect redis://default:hunter2secret@10.0.0.3:6379 failed " + "x" * 9000,
        "timestamp": "2025-10-29T00:36:37.5Z",
    }
    (work / "long.json").write_text(json.dumps([entry], indent=2))
    (rec,) = of(collect("long.json"), LogRecord)
    assert "hunter2secret" not in rec.message and len(rec.message) < 8300
    assert rec.message.endswith("[cut]")


# -- plain-text logs --------------------------------------------------------------------------


def test_rq_worker_log_from_a_real_worker():
    result = collect(FIX / "rq" / "worker-burst.log")
    logs = of(result, LogRecord)
    first = logs[0]
    assert first.message.startswith("Worker worker-ai-1: started with PID")
    # rq prints HH:MM:SS only: the date comes from --as-of
    assert first.timestamp == datetime(2026, 11, 23, 11, 7, 26, tzinfo=UTC)
    assert all(r.instance == "worker-ai-1" for r in logs)
    model_404s = [r for r in logs if "not_found_error" in r.message]
    assert len(model_404s) == 2 and all(r.severity == "ERROR" for r in model_404s)
    failures = [r for r in logs if "exception raised while executing" in r.message]
    assert len(failures) == 2 and all(r.severity == "ERROR" for r in failures)
    assert failures[0].message.endswith("KeyError: 'scene_count'")  # traceback joined
    assert "ValueError: Invalid attribute name: analyze_script" in failures[1].message
    ok = next(r for r in logs if "Job OK" in r.message)
    assert ok.severity == "INFO" and ok.ref.location.endswith("worker-burst.log:10")
    (summary,) = of(result, LogSummary)
    assert summary.stream == "file" and summary.errors == 4


def test_time_only_lines_before_as_of_take_the_previous_day():
    result = collect(
        FIX / "rq" / "worker-burst.log", as_of=datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    )
    first = of(result, LogRecord)[0]
    assert first.timestamp == datetime(2026, 11, 22, 11, 7, 26, tzinfo=UTC)


def test_time_only_lines_take_the_latest_full_date(work: Path):
    (work / "mixed.log").write_text(
        "2025-10-05 23:59:58,100 INFO app: nightly run starting\n"
        "23:59:59 Worker w1: started with PID 42, version 2.6.0\n"
        "00:00:01 Worker w1: default: Job OK (abc)\n"
    )
    a, b, c = of(collect("mixed.log"), LogRecord)
    assert a.timestamp == datetime(2025, 10, 5, 23, 59, 58, 100000, tzinfo=UTC)
    assert b.timestamp == datetime(2025, 10, 5, 23, 59, 59, tzinfo=UTC)
    assert c.timestamp == datetime(2025, 10, 6, 0, 0, 1, tzinfo=UTC)  # past midnight
    assert a.severity == "INFO" and b.instance == "w1"


def test_gunicorn_and_uvicorn_logs():
    gun = of(collect(FIX / "servers" / "gunicorn.log"), LogRecord)
    boots = [r for r in gun if "Booting worker" in r.message]
    assert [r.instance for r in boots] == ["8746", "8754"]
    assert boots[0].timestamp == datetime(2026, 11, 23, 11, 8, 15, tzinfo=UTC)
    error = next(r for r in gun if r.severity == "ERROR")
    assert error.message.endswith("RuntimeError: assembly failed: ffmpeg exited with status 1")
    uvi = of(collect(FIX / "servers" / "uvicorn.log"), LogRecord)
    assert uvi[0].message == "Started server process [8579]" and uvi[0].instance == "8579"
    failed = next(r for r in uvi if r.http and r.http.status == 500)
    assert failed.http.method == "POST" and failed.http.path == "/api/tasks/assemble"


def test_python_logging_formats(work: Path):
    (work / "app.log").write_text(
        "2025-10-05 04:55:54,689 - app.orchestrator - ERROR - Research Agent failed: SSL error\n"
        "2025-10-05T04:55:55Z [WARNING] app.jobs: retrying in 5s\n"
        "2025-10-05 04:55:56,001 [pid 7] INFO app: ok\n"
    )
    a, b, c = of(collect("app.log"), LogRecord)
    assert (a.severity, b.severity, c.severity) == ("ERROR", "WARNING", "INFO")
    assert c.instance == "7" and a.ref.location == "app.log:1"


# -- rq info, heartbeats, snapshot -----------------------------------------------------------


def test_rq_info_from_real_output():
    result = collect(FIX / "rq" / "rq-info-two-workers.txt")
    queues = {q.queue: q for q in of(result, QueueStats)}
    assert queues["default"].depth == 3 and queues["default"].consumers == 0
    assert queues["ai_ingestion"].failed == 2 and queues["ai_ingestion"].consumers == 1
    assert queues["media"].started == 1
    workers = {w.worker: w for w in of(result, WorkerBeat)}
    assert workers["worker-media-1"].state == "busy" and workers["worker-media-1"].pid == 8074
    assert workers["worker-ai-2"].queues == ("ai_ingestion",)
    assert all(w.at is None for w in workers.values())


def test_rq_info_by_queue_and_multi_queue_workers():
    by_queue = collect(FIX / "rq" / "rq-info-by-queue.txt")
    (worker,) = of(by_queue, WorkerBeat)
    assert worker.worker == "ingest-worker-2" and worker.state == "idle"
    busy = collect(FIX / "rq" / "rq-info-busy.txt")
    (worker,) = of(busy, WorkerBeat)
    assert worker.queues == ("reports", "default")
    assert {q.queue: q.consumers for q in of(busy, QueueStats)}["default"] == 1


def test_heartbeat_files():
    result = collect(FIX / "status")
    beats = {b.worker: b for b in of(result, WorkerBeat)}
    assert beats["worker2"].at == datetime(2025, 10, 18, 14, 2, 11, 734512, tzinfo=UTC)
    assert beats["worker2"].pid == 609012 and beats["worker2"].state == "processing"
    assert beats["retry_manager"].at == datetime(2025, 10, 18, 14, 2, 11, tzinfo=UTC)


def test_a_status_file_gives_its_own_heartbeat_period(work: Path):
    """The reference worker writes ``period_s``: stale means older than that, not the default."""
    (work / "slow.json").write_text(
        '{"worker": "slow", "heartbeat": "2025-10-18T14:02:11Z", "period_s": 300, "pid": 7}'
    )
    (work / "odd.json").write_text(
        '{"worker": "odd", "heartbeat": "2025-10-18T14:02:11Z", "period_s": true}'
    )
    beats = {b.worker: b for b in of(collect("."), WorkerBeat)}
    assert beats["slow"].period_s == 300.0
    assert beats["odd"].period_s is None


# -- bad input, directories ------------------------------------------------------------------


def test_bad_files_become_problems_not_exceptions(work: Path):
    (work / "garbage.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (work / "latin1.txt").write_bytes(b"caf\xe9 \xff\xfe")
    (work / "empty.json").write_bytes(b"")
    (work / "blank.yaml").write_text("\n\n  \n")
    (work / "broken.json").write_text('{"apiVersion": "run.googleapis.com/v1", "kind": ')
    (work / "broken.yaml").write_text("apiVersion: serving.knative.dev/v1\nkind: [Service\n")
    result = collect(".")
    reasons = {p.input: p.reason for p in result.problems}
    assert reasons["garbage.bin"] == "binary file, not an export"
    assert "latin1.txt" not in reasons  # legacy-encoded text is read leniently (issue 15)
    assert reasons["empty.json"] == "empty file"
    assert reasons["blank.yaml"] == "empty file"
    assert reasons["broken.json"].startswith("malformed JSON: ")
    assert "line 1" in reasons["broken.json"]
    assert reasons["broken.yaml"].startswith("malformed YAML: ")
    assert "line 3" in reasons["broken.yaml"]
    assert result.records == [] and result.skipped == ["latin1.txt"]


def test_unrecognised_files_are_skipped(work: Path):
    (work / "notes.md").write_text("# Incident notes\n\nThe worker stopped at 04:55.\n")
    (work / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    (work / "values.yaml").write_text("replicas: 3\nimage: web:latest\n")
    (work / "empty-list.json").write_text("[]\n")
    result = collect(".")
    assert sorted(result.skipped) == ["empty-list.json", "notes.md", "package.json", "values.yaml"]
    assert result.problems == [] and result.records == []
    assert result.detail == "4 files; 4 skipped"


def test_enormous_line_is_cut_and_reported(work: Path):
    with open("huge.log", "w") as fp:
        fp.write("10:00:00 Worker w1: started with PID 1, version 2.6.0\n")
        fp.write("10:00:01 " + "A" * (1_200_000) + "\n")
        fp.write("10:00:02 Worker w1: default: Job OK (abc)\n")
    result = collect("huge.log")
    (problem,) = result.problems
    assert problem.input == "huge.log" and "line 2" in problem.reason
    logs = of(result, LogRecord)
    assert [r.ref.location for r in logs] == ["huge.log:1", "huge.log:2", "huge.log:3"]
    assert len(logs[1].message) < 9000


def test_directory_recursion_sorted_hidden_skipped_relative_refs(work: Path):
    (work / "exports" / "b").mkdir(parents=True)
    (work / "exports" / ".git").mkdir()
    shutil.copy(FIX / "gcloud" / "job-describe.yaml", work / "exports" / "b" / "job.yaml")
    shutil.copy(FIX / "gcloud" / "executions-list.json", work / "exports" / "a.json")
    shutil.copy(FIX / "gcloud" / "logs-service.json", work / "exports" / "b" / "logs.txt")
    shutil.copy(FIX / "gcloud" / "logs-job.json", work / "exports" / ".git" / "logs.json")
    (work / "exports" / "b" / "readme.txt").write_text("nothing to see\n")
    result = collect("exports", "missing-dir")
    sources = []
    for rec in result.records:
        where = rec.ref.location.split("#")[0]
        if where not in sources:
            sources.append(where)
    assert sources == ["exports/a.json", "exports/b/job.yaml", "exports/b/logs.txt"]
    assert result.skipped == ["exports/b/readme.txt"]
    assert [(p.input, p.reason) for p in result.problems] == [
        ("missing-dir", "no such file or directory")
    ]
    assert result.detail == ("4 files: 1 executions, 1 job, 1 log export (11 entries); 1 skipped")


def test_paths_outside_the_working_directory_stay_as_given(work: Path):
    outside = work.parent / f"{work.name}-outside"
    outside.mkdir()
    try:
        shutil.copy(FIX / "gcloud" / "job-describe.json", outside / "job.json")
        given = os.path.join("..", outside.name, "job.json")
        (job,) = of(collect(given), JobConfig)
        assert job.ref.location == given
    finally:
        shutil.rmtree(outside)


def _fields(rec: object) -> dict:
    return {name: getattr(rec, name) for name in rec.__dataclass_fields__}  # type: ignore[attr-defined]


def test_big_non_log_files_are_refused_but_log_exports_stream(work: Path, monkeypatch):
    from opsdoc.sources.exports import reader

    monkeypatch.setattr(reader, "MAX_DOCUMENT", 1000)
    shutil.copy(FIX / "gcloud" / "execution-describe.yaml", "exec.yaml")
    shutil.copy(FIX / "gcloud" / "executions-list.json", "execs.json")
    shutil.copy(FIX / "gcloud" / "logs-service.json", "logs.json")
    result = collect(".")
    reasons = {p.input: p.reason for p in result.problems}
    assert reasons == {
        "exec.yaml": "too large (over 100 MB) and not a log export",
        "execs.json": "too large (over 100 MB) and not a log export",
    }
    assert len(of(result, LogRecord)) == 7


def test_out_of_time_files_are_reported_not_dropped_silently(work: Path):
    shutil.copy(FIX / "gcloud" / "job-describe.json", "job.json")
    ctx = SourceContext(as_of=AS_OF, root=".", deadline_s=60)
    result = ExportsSource(["job.json"], timeout_s=0).collect(ctx)
    assert [(p.input, p.reason) for p in result.problems] == [
        ("job.json", "not read: the exports source ran out of time")
    ]


def test_kubectl_prefixed_and_timestamped_logs_are_text_logs_with_joined_tracebacks(
    tmp_path: Path,
) -> None:
    """`kubectl logs --prefix --timestamps`: the pod names the process, the stamp dates the
    line, and a traceback printed one stamped line at a time stays one record."""
    from opsdoc.evidence import LogRecord
    from opsdoc.sources.base import SourceContext
    from opsdoc.sources.exports import ExportsSource

    log = tmp_path / "worker.txt"
    log.write_text(
        "[pod/ingest-7b6d-vw7zl/worker] 2026-07-30T07:58:02.237177886Z 07:58:02 Worker w1: "
        "started with PID 1, version 3.0.0\n"
        "[pod/ingest-7b6d-vw7zl/worker] 2026-07-30T07:58:03.000000000Z ERROR app: load failed\n"
        "[pod/ingest-7b6d-vw7zl/worker] 2026-07-30T07:58:03.000000001Z Traceback (most recent "
        "call last):\n"
        '[pod/ingest-7b6d-vw7zl/worker] 2026-07-30T07:58:03.000000002Z   File "app.py", line 3\n'
        "[pod/ingest-7b6d-vw7zl/worker] 2026-07-30T07:58:03.000000003Z KeyError: 'DSN'\n"
    )
    as_of = datetime(2026, 7, 30, 8, 0, tzinfo=UTC)
    result = ExportsSource([str(log)]).collect(SourceContext(as_of, ".", 30))
    assert not result.problems
    (error,) = [r for r in result.records if isinstance(r, LogRecord) and r.is_error]
    assert error.instance == "ingest-7b6d-vw7zl"
    assert error.timestamp == datetime(2026, 7, 30, 7, 58, 3, tzinfo=UTC)
    assert error.message.splitlines()[-1] == "KeyError: 'DSN'"


def test_push_deliveries_are_kept_on_a_budget_of_their_own() -> None:
    """Every fast 2xx Pub/Sub push delivery is kept (E003 asks how each was answered), but
    a busy endpoint must not crowd out the platform lines other checks need."""
    from opsdoc.sources.exports import logentries

    def delivery(i: int, agent: str = "APIs-Google; (+https://developers.google.com/x)") -> dict:
        return {
            "logName": "projects/p/logs/run.googleapis.com%2Frequests",
            "resource": {"labels": {"service_name": "s"}, "type": "cloud_run_revision"},
            "severity": "INFO",
            "httpRequest": {
                "requestMethod": "POST",
                "requestUrl": "https://s.run.app/push",
                "status": 204,
                "latency": "0.01s",
                "userAgent": agent,
            },
            "timestamp": f"2026-12-03T09:00:{i:02d}Z",
        }

    platform = {
        "logName": "projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem",
        "resource": {"labels": {"service_name": "s"}, "type": "cloud_run_revision"},
        "severity": "INFO",
        "textPayload": "Starting new instance. Reason: AUTOSCALING",
        "timestamp": "2026-12-03T09:00:59Z",
    }
    collector = logentries.LogCollector("push.json", max_info=1)
    for i in range(3):
        collector.add(i, delivery(i))
    collector.add(3, delivery(3, agent="curl/8.5"))  # an ordinary fast request: not kept
    collector.add(4, platform)
    kept = [r for r in collector.finish() if isinstance(r, LogRecord)]
    assert [(r.stream, r.http.status if r.http else None) for r in kept] == [
        ("requests", 204),
        ("requests", 204),
        ("requests", 204),
        ("system", None),
    ]
    assert collector.dropped_info == 0


def test_compute_operations_that_ended_an_instance_are_its_platform_lines(tmp_path: Path):
    """``gcloud compute operations list --format=json``: a Spot VM's preemption (a system
    event) and a user's stop end what ran there; an insert or a live migration does not."""
    ops = [
        {
            "kind": "compute#operation",
            "operationType": operation,
            "startTime": "2026-10-20T19:47:13.408-07:00",
            "status": "DONE",
            "statusMessage": message,
            "targetLink": f"https://www.googleapis.com/compute/v1/projects/p/zones/z/instances/{vm}",
        }
        for operation, message, vm in (
            ("compute.instances.preempted", "Instance was preempted.", "ingest-spot-0g7c"),
            ("stop", "", "batch-1"),
            ("insert", "", "ingest-spot-0g7c"),
            ("compute.instances.migrateOnHostMaintenance", "", "web-1"),
        )
    ]
    path = tmp_path / "gce-operations.json"
    path.write_text(json.dumps(ops))
    logs = of(collect(path), LogRecord)
    assert [(r.instance, r.resource_type, r.message) for r in logs] == [
        (
            "ingest-spot-0g7c",
            "gce_instance",
            "Compute Engine instance ingest-spot-0g7c: Instance was preempted. "
            "(compute.instances.preempted)",
        ),
        ("batch-1", "gce_instance", "Compute Engine instance batch-1: stop (stop)"),
    ]
    assert logs[0].timestamp == datetime(2026, 10, 21, 2, 47, 13, 408000, tzinfo=UTC)
