# ruff: noqa: F811  (pytest fixtures are imported, then named as parameters)
"""Pub/Sub configuration from the real emulator, and proof that diagnose leaves messages alone."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from fakes import seeds
from fakes.fixtures import fake_seed_000, seed_000_subscription  # noqa: F401  (fixtures)
from fakes.grpcserver import FakeGrpcServer

from opsdoc.commands.diagnose import Options, diagnose
from opsdoc.config import Config
from opsdoc.evidence import Subscription
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource
from opsdoc.sources.gcp import (
    CloudLoggingSource,
    CloudRunSource,
    MonitoringSource,
    PubSubConfigSource,
)

AS_OF = datetime(2025, 11, 4, 5, 30, tzinfo=UTC)


def pull_all(host: str, name: str, expect: int) -> list[bytes]:
    """What is still in the subscription (the test pulls; opsdoc never does)."""
    import grpc
    from google.cloud import pubsub_v1
    from google.pubsub_v1.services.subscriber.transports import SubscriberGrpcTransport

    client = pubsub_v1.SubscriberClient(
        transport=SubscriberGrpcTransport(channel=grpc.insecure_channel(host))
    )
    got: list[bytes] = []
    deadline = time.monotonic() + 60  # a hang guard: stops as soon as all are back
    while len(got) < expect and time.monotonic() < deadline:
        resp = client.pull(request={"subscription": name, "max_messages": 10}, timeout=5)
        got.extend(m.message.data for m in resp.received_messages)
    client.close()
    return got


def test_subscription_config_is_read(seed_000_subscription: tuple[str, str]) -> None:
    host, name = seed_000_subscription
    for subs in ([name], ["content-generation-worker-sub"], []):
        result = PubSubConfigSource("vividly-dev", subscriptions=subs, endpoint=host).collect(
            SourceContext(as_of=AS_OF, root=".", deadline_s=10)
        )
        assert not result.problems
        found = [r for r in result.records if isinstance(r, Subscription)]
        sub = next(s for s in found if s.name == "content-generation-worker-sub")
        assert sub.ref.location == name
        assert sub.topic == "projects/vividly-dev/topics/content-generation"
        assert sub.ack_deadline_s == 600
        assert sub.state in ("", "ACTIVE")


def test_emulator_host_variable_is_honoured(
    seed_000_subscription: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    host, name = seed_000_subscription
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", host)
    result = PubSubConfigSource("vividly-dev", subscriptions=[name]).collect(
        SourceContext(as_of=AS_OF, root=".", deadline_s=10)
    )
    assert not result.problems and len(result.records) == 1


def test_diagnose_leaves_every_message_in_the_subscription(
    seed_000_subscription: tuple[str, str], fake_seed_000: FakeGrpcServer
) -> None:
    host, name = seed_000_subscription
    root = seeds.EXAMPLES / seeds.SEED_000["example"]
    project, region = seeds.SEED_000["project"], seeds.SEED_000["region"]
    report = diagnose(
        Options(root=root, as_of=AS_OF, config=Config(timeout_s=20)),
        sources=[
            CodeSource(str(root)),
            CloudRunSource(project, region, endpoint=fake_seed_000.address),
            CloudLoggingSource(project, region, window_h=48, endpoint=fake_seed_000.address),
            MonitoringSource(project, endpoint=fake_seed_000.address),
            PubSubConfigSource(project, subscriptions=[name], endpoint=host),
        ],
    )
    assert not [f for f in report.findings if f.code == "X001"]
    assert {s.name for s in report.sources if s.status == "ok"} >= {"gcp-pubsub", "gcp-monitoring"}
    # Monitoring saw expired ack deadlines on the seed's subscription: T003 reports it.
    t003 = [f for f in report.findings if f.code == "T003"]
    assert [f.subject for f in t003] == ["subscriptions/content-generation-worker-sub"]
    # Nothing was pulled, acked or seeked: all three messages are still deliverable.
    assert sorted(pull_all(host, name, 3)) == [b"job 0", b"job 1", b"job 2"]
