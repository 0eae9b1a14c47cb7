"""Synchronous pull helpers.

We use unary Pull rather than the streaming client so a pod holds at most one
batch and HPA scaling on `num_undelivered_messages` behaves predictably.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from google.api_core import exceptions as gexc
from google.cloud import pubsub_v1

log = logging.getLogger("enricher.pubsub")


@dataclass
class Pulled:
    ack_id: str
    message_id: str
    data: bytes
    attributes: dict
    delivery_attempt: int
    pulled_at: float


class Lease:
    """Keeps ack deadlines extended while a unit of work is in progress."""

    def __init__(self, subscriber, sub_path: str, ack_ids: list[str], seconds: int, every: float):
        self._sub = subscriber
        self._path = sub_path
        self._ack_ids = list(ack_ids)
        self._seconds = seconds
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease", daemon=True)

    def _extend(self) -> None:
        try:
            self._sub.modify_ack_deadline(
                request={"subscription": self._path, "ack_ids": self._ack_ids, "ack_deadline_seconds": self._seconds}
            )
        except gexc.GoogleAPICallError as exc:  # best effort; the message will simply be redelivered
            log.warning("lease extension failed: %s", exc)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._extend()

    def __enter__(self) -> "Lease":
        self._extend()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


class BatchPuller:
    def __init__(self, project: str, subscription: str, batch_size: int):
        self.subscriber = pubsub_v1.SubscriberClient()
        self.path = self.subscriber.subscription_path(project, subscription)
        self.batch_size = batch_size

    def pull(self) -> list[Pulled]:
        try:
            resp = self.subscriber.pull(
                request={"subscription": self.path, "max_messages": self.batch_size}, timeout=30
            )
        except gexc.DeadlineExceeded:
            return []
        now = time.monotonic()
        return [
            Pulled(
                ack_id=rm.ack_id,
                message_id=rm.message.message_id,
                data=rm.message.data,
                attributes=dict(rm.message.attributes),
                delivery_attempt=rm.delivery_attempt or 1,
                pulled_at=now,
            )
            for rm in resp.received_messages
        ]

    def lease(self, items: list[Pulled], seconds: int, every: float) -> Lease:
        return Lease(self.subscriber, self.path, [p.ack_id for p in items], seconds, every)

    def ack(self, items: list[Pulled]) -> None:
        if items:
            self.subscriber.acknowledge(request={"subscription": self.path, "ack_ids": [p.ack_id for p in items]})

    def nack(self, items: list[Pulled]) -> None:
        if items:
            self.subscriber.modify_ack_deadline(
                request={"subscription": self.path, "ack_ids": [p.ack_id for p in items], "ack_deadline_seconds": 0}
            )
