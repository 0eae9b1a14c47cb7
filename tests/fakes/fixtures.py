"""Pytest fixtures for the fakes (imported by the test modules that use them)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from fakes import seeds
from fakes.cloudrun import add_cloud_run
from fakes.grpcserver import FakeGrpcServer
from fakes.logging import add_logging
from fakes.monitoring import add_monitoring, series


def google_fake(seed: dict[str, str], monitoring: list[Any] | None = None) -> FakeGrpcServer:
    """One local server playing Cloud Run v2, Logging and Monitoring for a seed."""
    server = FakeGrpcServer()
    add_cloud_run(server, seeds.cloud_run_data(seed))
    add_logging(server, seeds.log_entries(seed))
    add_monitoring(server, monitoring or [])
    return server.start()


def seed_000_metrics() -> list[Any]:
    project, sub = seeds.SEED_000["project"], seeds.SEED_000["subscription"]
    return [
        series(
            project,
            "num_undelivered_messages",
            sub,
            [("2025-11-04T05:29:00Z", 42), ("2025-11-04T05:00:00Z", 40)],
        ),
        series(
            project,
            "oldest_unacked_message_age",
            sub,
            [("2025-11-04T05:29:00Z", 5400), ("2025-11-04T05:00:00Z", 3600)],
        ),
        series(
            project,
            "expired_ack_deadlines_count",
            sub,
            [("2025-11-04T05:29:00Z", 3), ("2025-11-04T05:00:00Z", 4)],
        ),
    ]


@pytest.fixture
def fake_seed_000() -> Iterator[FakeGrpcServer]:
    server = google_fake(seeds.SEED_000, seed_000_metrics())
    yield server
    server.stop()


@pytest.fixture
def fake_seed_003() -> Iterator[FakeGrpcServer]:
    server = google_fake(seeds.SEED_003)
    yield server
    server.stop()


@pytest.fixture
def seed_000_subscription(pubsub_emulator: Any) -> Iterator[tuple[str, str]]:
    """The seed's subscription, created in the real emulator with its exported config.

    Yields (emulator host, subscription path). Three messages wait in it.
    """
    import grpc
    from google.api_core import exceptions
    from google.cloud import pubsub_v1
    from google.pubsub_v1.services.publisher.transports import PublisherGrpcTransport
    from google.pubsub_v1.services.subscriber.transports import SubscriberGrpcTransport

    config = seeds.subscription_config(seeds.SEED_000)
    publisher = pubsub_v1.PublisherClient(
        transport=PublisherGrpcTransport(channel=grpc.insecure_channel(pubsub_emulator.host))
    )
    subscriber = pubsub_v1.SubscriberClient(
        transport=SubscriberGrpcTransport(channel=grpc.insecure_channel(pubsub_emulator.host))
    )
    topic, name = config["topic"], config["name"]
    with contextlib.suppress(exceptions.AlreadyExists):
        publisher.create_topic(request={"name": topic})
    with contextlib.suppress(exceptions.NotFound):
        subscriber.delete_subscription(request={"subscription": name})
    subscriber.create_subscription(
        request={"name": name, "topic": topic, "ack_deadline_seconds": config["ackDeadlineSeconds"]}
    )
    for i in range(3):
        publisher.publish(topic, f"job {i}".encode()).result(timeout=10)
    yield pubsub_emulator.host, name
    subscriber.close()
