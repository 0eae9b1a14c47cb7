"""`opsdoc snapshot` files: every record kind survives dump -> JSON -> load."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsdoc.evidence import (
    RECORD_KINDS,
    CodeSite,
    Execution,
    HttpInfo,
    JobConfig,
    JobRecord,
    LogRecord,
    LogSummary,
    ModelRef,
    ProcessInfo,
    QueueStats,
    Ref,
    ServiceConfig,
    Subscription,
    WorkerBeat,
)
from opsdoc.sources.base import SourceContext
from opsdoc.sources.exports import ExportsSource
from opsdoc.sources.exports.snapshot import SnapshotError, dump_records, load_records

T = datetime(2025, 11, 4, 3, 54, 44, 818312, tzinfo=UTC)

RECORDS = [
    Execution(
        Ref("gcloud", "jobs/ingest/executions/ingest-fjj8s"),
        "ingest-fjj8s",
        "ingest",
        T,
        None,
        "running",
        task_timeout_s=5400.0,
        retried_count=2,
        region="us-central1",
    ),
    JobConfig(
        Ref("gcloud", "jobs/ingest"),
        "ingest",
        600.0,
        max_retries=3,
        command=("python",),
        args=("-m", "worker"),
        env=(("MODE", "drain"), ("QUEUE", "default")),
    ),
    ServiceConfig(Ref("gcloud", "services/api"), "api", 300.0, cpu_throttling=False, min_scale=1),
    Subscription(
        Ref("gcloud", "subscriptions/s"),
        "s",
        topic="projects/p/topics/t",
        ack_deadline_s=10.0,
        max_delivery_attempts=5,
        exactly_once=True,
    ),
    LogRecord(
        Ref("exports", "logs.json#3"),
        T,
        "ERROR",
        "upstream timed out\nTraceback",
        stream="requests",
        service="api",
        task_index=0,
        http=HttpInfo("POST", "https://api/x?y=1", "/x", 504, 300.001),
    ),
    LogRecord(Ref("exports", "w.log:7"), None, "INFO", "Job OK", stream="file"),
    LogSummary(
        Ref("exports", "logs.json"),
        "cloud_run_job",
        "ingest",
        "stdout",
        1204,
        3,
        1,
        T,
        T,
        execution="ingest-fjj8s",
    ),
    QueueStats(
        Ref("redis", "rq:queue:default"),
        "default",
        "rq",
        12,
        oldest_age_s=93.5,
        failed=3,
        consumers=0,
    ),
    WorkerBeat(
        Ref("redis", "rq:worker:w1"),
        "w1",
        T,
        pid=4242,
        state="busy",
        queues=("default", "high"),
        current_job="abc",
        period_s=10.0,
    ),
    JobRecord(
        Ref("redis", "rq:job:abc"),
        "abc",
        "default",
        "app.tasks.run",
        "failed",
        timeout_s=180.0,
        enqueued_at=T,
        exc_summary="KeyError: 'x'",
    ),
    ModelRef(Ref("code", "app/ai.py:12"), "claude-3-5-sonnet-20241022", context="code"),
    CodeSite(
        Ref("code", "worker.py:663"),
        "blocking-wait",
        "worker.py",
        663,
        snippet="future.result()",
        attrs=(("call", "result"), ("timeout", "none")),
    ),
    ProcessInfo(
        Ref("processes", "pid 48213"),
        48213,
        name="python",
        cmdline=("python", "-m", "pipeline.draft_worker"),
        cpu_percent=0.0,
        status="sleeping",
        create_time=T,
    ),
]


def test_fixture_covers_every_record_kind():
    assert {type(r).__name__ for r in RECORDS} == set(RECORD_KINDS)


def test_round_trip_through_json_gives_equal_records():
    dumped = dump_records(RECORDS, captured_at=T)
    text = json.dumps(dumped)
    loaded = load_records(json.loads(text))
    assert loaded == RECORDS
    assert dumped["opsdoc_snapshot"] == 1 and dumped["captured_at"] == "2025-11-04T03:54:44.818312Z"
    first = dumped["records"][0]
    assert first["kind"] == "Execution" and first["start_time"] == "2025-11-04T03:54:44.818312Z"
    assert first["ref"] == {"source": "gcloud", "location": "jobs/ingest/executions/ingest-fjj8s"}


def test_snapshot_file_is_read_back_by_the_exports_source(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("snap.json").write_text(json.dumps(dump_records(RECORDS, captured_at=T), indent=2))
    ctx = SourceContext(as_of=T, root=".", deadline_s=30)
    result = ExportsSource(["snap.json"]).collect(ctx)
    assert result.records == RECORDS and result.problems == []
    assert result.detail == "1 file: 1 snapshot"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(opsdoc_snapshot=2), "unsupported snapshot version 2"),
        (lambda d: d["records"][0].update(kind="Nope"), "record 0: unknown kind 'Nope'"),
        (lambda d: d["records"][1].pop("name"), "record 1 (JobConfig): missing field 'name'"),
        (lambda d: d["records"][7].update(depth="12"), "field 'depth': expected an integer"),
        (lambda d: d["records"][8].update(at="yesterday"), "not a timestamp: 'yesterday'"),
    ],
)
def test_bad_snapshots_fail_with_the_record_named(mutate, message, tmp_path: Path):
    data = dump_records(RECORDS, captured_at=T)
    mutate(data)
    with pytest.raises(SnapshotError, match=re.escape(message)):
        load_records(data)
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    ctx = SourceContext(as_of=T, root=".", deadline_s=30)
    result = ExportsSource([str(path)]).collect(ctx)
    (problem,) = result.problems
    assert problem.reason.startswith("malformed opsdoc snapshot: ") and result.records == []
