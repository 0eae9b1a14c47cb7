# ruff: noqa: F811  (pytest fixtures are imported, then named as parameters)
"""Live Google Cloud sources against local servers speaking the real protocols.

The fakes serve the seed examples' exports converted to v2 messages, so a live
diagnosis must reach exactly the findings of the offline one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import seeds
from fakes.fixtures import (  # noqa: F401  (fixtures)
    fake_seed_000,
    fake_seed_003,
    seed_000_subscription,
)
from fakes.grpcserver import FakeGrpcServer

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import Execution, JobConfig, LogRecord, LogSummary, QueueStats, ServiceConfig
from opsdoc.report import Report
from opsdoc.sources.base import Source, SourceContext
from opsdoc.sources.code import CodeSource
from opsdoc.sources.exports import ExportsSource
from opsdoc.sources.gcp import (
    CloudLoggingSource,
    CloudRunSource,
    MonitoringSource,
    PubSubConfigSource,
    gcp_sources,
)

AS_OF = datetime(2025, 11, 5, tzinfo=UTC)
WINDOW_H = 24 * 60  # the seed incidents lie within two months before AS_OF


def ctx(deadline: float = 10.0) -> SourceContext:
    return SourceContext(as_of=AS_OF, root=".", deadline_s=deadline)


def run(root: Path, sources: list[Source]) -> Report:
    return diagnose(Options(root=root, as_of=AS_OF, config=Config(timeout_s=20)), sources=sources)


def shape(report: Report) -> list[tuple[str, str, str, bool, tuple[str, ...]]]:
    return [
        (f.code, f.subject, f.severity.value, f.root_cause, f.explains) for f in report.findings
    ]


def live(seed: dict[str, str], server: FakeGrpcServer) -> list[Source]:
    return [
        CloudRunSource(seed["project"], seed["region"], endpoint=server.address),
        CloudLoggingSource(
            seed["project"], seed["region"], window_h=WINDOW_H, endpoint=server.address
        ),
    ]


def test_seed_003_live_gives_the_same_findings_as_its_exports(
    fake_seed_003: FakeGrpcServer,
) -> None:
    root = seeds.EXAMPLES / seeds.SEED_003["example"]
    offline = run(
        root, [CodeSource(str(root)), ExportsSource([str(seeds.exports_dir(seeds.SEED_003))])]
    )
    online = run(root, [CodeSource(str(root)), *live(seeds.SEED_003, fake_seed_003)])
    assert shape(online) == shape(offline)
    assert online.findings[0].code == "T002"
    assert {s.name: s.status for s in online.sources} == {
        "code": "ok",
        "gcp-logging": "ok",
        "gcp-run": "ok",
    }
    assert online.exit_code == offline.exit_code == 1


def test_seed_000_live_gives_the_same_findings_as_its_exports(
    fake_seed_000: FakeGrpcServer, seed_000_subscription: tuple[str, str]
) -> None:
    host, sub = seed_000_subscription
    root = seeds.EXAMPLES / seeds.SEED_000["example"]
    offline = run(
        root, [CodeSource(str(root)), ExportsSource([str(seeds.exports_dir(seeds.SEED_000))])]
    )
    online = run(
        root,
        [
            CodeSource(str(root)),
            *live(seeds.SEED_000, fake_seed_000),
            PubSubConfigSource(seeds.SEED_000["project"], subscriptions=[sub], endpoint=host),
        ],
    )
    assert shape(online) == shape(offline)
    assert (online.findings[0].code, online.findings[0].subject) == (
        "T001",
        "app/workers/content_worker.py:65",
    )
    # Evidence quotes API resource names, not files.
    e002 = next(f for f in online.findings if f.code == "E002")
    assert any(
        e.ref.startswith("projects/vividly-dev/locations/us-central1/jobs/") for e in e002.evidence
    )


def test_cloud_run_records_carry_resource_names(fake_seed_000: FakeGrpcServer) -> None:
    result = CloudRunSource("vividly-dev", "us-central1", endpoint=fake_seed_000.address).collect(
        ctx()
    )
    assert not result.problems
    jobs = [r for r in result.records if isinstance(r, JobConfig)]
    executions = [r for r in result.records if isinstance(r, Execution)]
    assert [j.ref.location for j in jobs] == [
        "projects/vividly-dev/locations/us-central1/jobs/dev-vividly-content-worker"
    ]
    assert jobs[0].task_timeout_s == 5700 and jobs[0].region == "us-central1"
    assert jobs[0].env == (
        ("PUBSUB_SUBSCRIPTION", "content-generation-worker-sub"),
        ("GOOGLE_CLOUD_PROJECT", "vividly-dev"),
    )  # the secret reference is left out
    assert len(executions) == 5
    timed_out = [e for e in executions if e.timed_out]
    assert [e.name for e in timed_out] == ["dev-vividly-content-worker-fjj8s"]
    assert {e.reason for e in executions if not e.timed_out} == {"NonZeroExitCode"}
    assert all(e.status == "failed" and e.failed_count == 1 for e in executions)
    # One round: executions across all jobs through the "-" wildcard, never per job.
    calls = fake_seed_000.calls
    listed = [req.parent for name, req in calls if name.endswith("ListExecutions")]
    assert listed == ["projects/vividly-dev/locations/us-central1/jobs/-"]


def test_service_is_described_by_its_latest_ready_revision(fake_seed_003: FakeGrpcServer) -> None:
    result = CloudRunSource("podcast612", "us-west1", endpoint=fake_seed_003.address).collect(ctx())
    (service,) = [r for r in result.records if isinstance(r, ServiceConfig)]
    assert service.ref.location == "projects/podcast612/locations/us-west1/services/podcast-api"
    assert (service.request_timeout_s, service.concurrency, service.max_scale) == (300, 80, 10)
    assert service.cpu_throttling is True
    assert service.latest_revision == "podcast-api-00087-qzv"


def test_log_query_is_bounded_and_newest_first(fake_seed_000: FakeGrpcServer) -> None:
    source = CloudLoggingSource(
        "vividly-dev",
        "us-central1",
        window_h=WINDOW_H,
        limit=7,
        page_size=3,
        endpoint=fake_seed_000.address,
    )
    result = source.collect(ctx())
    assert not result.problems
    requests = [req for name, req in fake_seed_000.calls if name.endswith("ListLogEntries")]
    assert [r.page_size for r in requests] == [3, 3, 1]  # never more than the limit
    first = requests[0]
    assert first.order_by == "timestamp desc"
    assert list(first.resource_names) == ["projects/vividly-dev"]
    assert 'timestamp<="2025-11-05T00:00:00Z"' in first.filter
    assert 'timestamp>="2025-09-06T00:00:00Z"' in first.filter
    assert 'resource.labels.location="us-central1"' in first.filter
    summaries = [r for r in result.records if isinstance(r, LogSummary)]
    assert sum(s.entries for s in summaries) == 7
    assert "limit 7 reached" in result.detail
    stamps = [r.timestamp for r in result.records if isinstance(r, LogRecord)]
    assert stamps == sorted(stamps, reverse=True)  # the newest entries were read


def test_log_window_excludes_older_entries(fake_seed_000: FakeGrpcServer) -> None:
    result = CloudLoggingSource(
        "vividly-dev", "us-central1", window_h=1, endpoint=fake_seed_000.address
    ).collect(ctx())
    assert not result.problems
    assert not [r for r in result.records if isinstance(r, LogRecord)]  # all a day older


def test_monitoring_gives_pubsub_backlog(fake_seed_000: FakeGrpcServer) -> None:
    as_of = datetime(2025, 11, 4, 5, 30, tzinfo=UTC)
    result = MonitoringSource(
        "vividly-dev",
        subscriptions=["content-generation-worker-sub"],
        window_min=60,
        endpoint=fake_seed_000.address,
    ).collect(SourceContext(as_of=as_of, root=".", deadline_s=10))
    assert not result.problems
    (stats,) = result.records
    assert isinstance(stats, QueueStats)
    assert (stats.backend, stats.queue, stats.depth, stats.oldest_age_s, stats.expired_acks) == (
        "pubsub",
        "content-generation-worker-sub",
        42,
        5400,
        7,
    )
    assert stats.ref.location == "projects/vividly-dev/subscriptions/content-generation-worker-sub"
    filters = [req.filter for name, req in fake_seed_000.calls if name.endswith("ListTimeSeries")]
    assert len(filters) == 3 and all("subscription_id=" in f for f in filters)


def test_only_read_methods_are_called(fake_seed_000: FakeGrpcServer) -> None:
    for source in [
        *live(seeds.SEED_000, fake_seed_000),
        MonitoringSource("vividly-dev", endpoint=fake_seed_000.address),
    ]:
        source.collect(ctx())
    methods = {name.rsplit("/", 1)[1] for name in fake_seed_000.methods_called()}
    assert methods and all(m.startswith(("List", "Get")) for m in methods)


def test_missing_credentials_say_what_to_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.delenv("PUBSUB_EMULATOR_HOST", raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NO_GCE_CHECK", "True")  # not on GCE: do not probe the metadata server
    root = tmp_path / "project"
    root.mkdir()
    report = diagnose(
        Options(root=root, as_of=AS_OF, config=Config(timeout_s=10), scan_code=False),
        sources=gcp_sources("my-project", "europe-west1", timeout_s=5),
    )
    x001 = [f for f in report.findings if f.code == "X001"]
    # One reason for four sources is said once, naming them all.
    assert len(x001) == 1
    assert {e.source for e in x001[0].evidence} == {
        "gcp-run",
        "gcp-logging",
        "gcp-monitoring",
        "gcp-pubsub",
    }
    for finding in x001:
        assert "gcloud auth application-default login" in finding.summary
        assert "GOOGLE_APPLICATION_CREDENTIALS" in finding.summary
        assert "Traceback" not in finding.evidence[0].quote
    assert report.exit_code == 3


def test_a_missing_key_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "nope.json"))
    result = CloudRunSource("p", "r").collect(ctx())
    (problem,) = result.problems
    assert "gcloud auth application-default login" in problem.reason
    assert "nope.json" in problem.reason
