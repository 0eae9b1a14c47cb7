"""The reference worker on the real Pub/Sub emulator: ack after success, nack, redelivery."""

from __future__ import annotations

import json
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from test_worker_support import HANG_GUARD_S, events, start_worker, wait_for, worker_env

CANARY = "opsdoc.worker.handlers:canary"


@dataclass
class Sub:
    topic: str
    path: str
    env: dict[str, str]


@pytest.fixture
def sub(pubsub_emulator, monkeypatch, request) -> Iterator[Sub]:  # type: ignore[no-untyped-def]
    """A fresh topic and subscription; ``indirect`` parametrization sets the ack deadline."""
    ack_deadline_s = getattr(request, "param", 10)
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", pubsub_emulator.host)
    from google.cloud import pubsub_v1

    name = f"t-{uuid.uuid4().hex[:8]}"
    publisher = pubsub_v1.PublisherClient()
    subscriber = pubsub_v1.SubscriberClient()
    topic = publisher.topic_path(pubsub_emulator.project, name)
    path = subscriber.subscription_path(pubsub_emulator.project, name)
    publisher.create_topic(request={"name": topic})
    subscriber.create_subscription(
        request={"name": path, "topic": topic, "ack_deadline_seconds": ack_deadline_s}
    )
    yield Sub(topic, path, worker_env(PUBSUB_EMULATOR_HOST=pubsub_emulator.host))
    subscriber.delete_subscription(request={"subscription": path})
    publisher.delete_topic(request={"topic": topic})
    subscriber.close()


def publish(sub: Sub, *payloads: dict) -> list[str]:
    from google.cloud import pubsub_v1

    publisher = pubsub_v1.PublisherClient()
    return [
        publisher.publish(sub.topic, json.dumps(p).encode()).result(timeout=30) for p in payloads
    ]


def pull_ids(sub: Sub, wait: float = 2.0) -> list[str]:
    from google.api_core import exceptions
    from google.cloud import pubsub_v1

    client = pubsub_v1.SubscriberClient()
    try:
        resp = client.pull(request={"subscription": sub.path, "max_messages": 50}, timeout=wait)
    except exceptions.DeadlineExceeded:
        return []
    finally:
        client.close()
    return [m.message.message_id for m in resp.received_messages]


def args(sub: Sub, *extra: str) -> list[str]:
    return ["--backend", "pubsub", "--subscription", sub.path, "--handler", CANARY, *extra]


def test_drain_acks_successes_nacks_failures_and_exits_on_empty(sub: Sub) -> None:
    ids = publish(sub, {"token": "1"}, {"token": "2"}, {"token": "3", "fail": True})
    proc = start_worker(*args(sub, "--pull-timeout", "1", "--retry-backoff", "30"), env=sub.env)
    out, err = proc.communicate(timeout=HANG_GUARD_S)
    assert proc.returncode == 1, err
    evs = events(out)
    assert sorted(e["job"] for e in evs if e["event"] == "job.succeeded") == sorted(ids[:2])
    assert [e["job"] for e in evs if e["event"] == "job.retrying"] == [ids[2]]
    assert evs[-1]["reason"] == "queue empty"
    assert pull_ids(sub) == []  # successes acked; the failure waits out its backoff


def test_sigkill_loses_nothing_the_message_is_redelivered(sub: Sub) -> None:
    (mid,) = publish(sub, {"token": "slow", "sleep_s": 60})
    proc = start_worker(*args(sub, "--mode", "serve"), env=sub.env)
    lines: list[str] = []
    assert proc.stdout is not None

    def started() -> bool:
        lines.append(proc.stdout.readline())  # type: ignore[union-attr]
        return '"job.started"' in lines[-1]

    assert wait_for(started, HANG_GUARD_S, interval=0)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    # Unacked: after its ack deadline (10 s) Pub/Sub delivers it again.
    assert wait_for(lambda: mid in pull_ids(sub, wait=3), HANG_GUARD_S, interval=0.5)


@pytest.mark.parametrize("sub", [600], indirect=True)
def test_sigterm_past_grace_hands_the_message_back_at_once(sub: Sub) -> None:
    """The worker exits while the handler still sleeps (600 s), and the message is back
    at once: with a 600 s ack deadline only a nack can have returned it this soon.
    How soon after the grace period the worker exits: `benchmarks/worker.py`."""
    (mid,) = publish(sub, {"token": "slow", "sleep_s": 600})
    proc = start_worker(*args(sub, "--mode", "serve", "--grace", "1"), env=sub.env)
    assert proc.stdout is not None
    assert wait_for(lambda: '"job.started"' in proc.stdout.readline(), HANG_GUARD_S, interval=0)  # type: ignore[union-attr]
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=HANG_GUARD_S)
    assert proc.returncode == 0
    names = [e["event"] for e in events(out)]
    assert "job.returned" in names and "job.succeeded" not in names
    assert wait_for(lambda: mid in pull_ids(sub, wait=5), HANG_GUARD_S, interval=0)
