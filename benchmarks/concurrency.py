"""Six live sources, each answered 1 s late by a local server: the run takes ~1 s, not ~6 s.

Sources run concurrently, and each source issues its independent API calls at once
(Cloud Run lists jobs, executions, services and revisions in one round), so a
diagnosis costs the slowest source's latency rather than the sum.

Run: ``python benchmarks/concurrency.py`` (target: total wall <= 1.5 s).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

DELAY_S = 1.0
TARGET_S = 1.5


def main() -> int:
    t_import = time.perf_counter()
    # The client libraries are imported once up front: this measures the run, not imports.
    import anthropic  # noqa: F401
    from fakes import seeds
    from fakes.anthropic_api import FakeAnthropic
    from fakes.fixtures import google_fake, seed_000_metrics
    from fakes.grpcserver import FakeGrpcServer
    from fakes.pubsub import add_pubsub
    from google.cloud import monitoring_v3, pubsub_v1, run_v2  # noqa: F401
    from google.cloud.logging_v2.services import logging_service_v2  # noqa: F401

    from opsdoc.commands.diagnose import Options, diagnose
    from opsdoc.config import Config
    from opsdoc.sources.anthropic_models import AnthropicModelsSource
    from opsdoc.sources.gcp import (
        CloudLoggingSource,
        CloudRunSource,
        MonitoringSource,
        PubSubConfigSource,
    )

    import_s = time.perf_counter() - t_import
    seed = seeds.SEED_000
    project, region = seed["project"], seed["region"]
    from google.pubsub_v1 import types

    google = google_fake(seed, seed_000_metrics())
    other = google_fake(seeds.SEED_003)
    pubsub = FakeGrpcServer()
    add_pubsub(
        pubsub,
        [types.Subscription(name=f"projects/{project}/subscriptions/s", ack_deadline_seconds=60)],
    )
    pubsub.start()
    models = FakeAnthropic(models=["claude-sonnet-4-5-20250929"]).start()

    second_region = CloudRunSource("podcast612", "us-west1", endpoint=other.address)
    second_region.name = "gcp-run-us-west1"
    sources = [
        CloudRunSource(project, region, endpoint=google.address),
        CloudLoggingSource(project, region, window_h=48, endpoint=google.address),
        MonitoringSource(project, endpoint=google.address),
        PubSubConfigSource(project, endpoint=pubsub.address),
        AnthropicModelsSource(
            models.api_key, base_url=models.base_url, cache_dir=tempfile.mkdtemp(), ttl_s=0
        ),
        second_region,
    ]
    options = Options(
        root=Path(tempfile.mkdtemp()),
        as_of=datetime(2025, 11, 4, 5, 30, tzinfo=UTC),
        config=Config(timeout_s=10),
        scan_code=False,
    )
    servers = (google, other, pubsub, models)
    try:
        # First run without delay: one-time costs (gRPC core start-up, lazy imports).
        t0 = time.perf_counter()
        diagnose(options, sources=sources)
        cold = time.perf_counter() - t0
        for server in servers:
            server.delay_s = DELAY_S
        t0 = time.perf_counter()
        report = diagnose(options, sources=sources)
        wall = time.perf_counter() - t0
    finally:
        for server in (google, other, pubsub):
            server.stop()
        models.stop()
    print(f"client library imports (once, excluded): {import_s:.2f} s")
    print(f"first run, no delay (one-time start-up costs): {cold:.2f} s")
    for status in report.sources:
        print(
            f"  {status.name:<18} {status.status:<7} {status.records:>4} records  {status.seconds:.2f} s"
        )
    failed = [s.name for s in report.sources if s.status != "ok"]
    print(
        f"six sources, each delayed {DELAY_S:g} s: total wall {wall:.2f} s (target <= {TARGET_S} s)"
    )
    if failed:
        print(f"FAILED sources: {', '.join(failed)}")
        return 1
    return 0 if wall <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
