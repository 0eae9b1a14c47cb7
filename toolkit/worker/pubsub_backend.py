"""Pub/Sub backend: synchronous pull with a timeout, ack only after success.

Seed 000's worker blocked forever on ``streaming_pull_future.result()``; this
one asks for messages with a deadline, so an empty subscription ends a drain
run. A message is acknowledged only after its handler returned; a failure is
nacked with a growing delay (the worker's backoff on top of the subscription's
retry policy), so Pub/Sub redelivers it and, once the subscription's dead-letter
policy says so, forwards it to the dead-letter topic. A SIGKILL loses nothing:
unacknowledged messages come back when their ack deadline expires.

Long jobs keep their lease: a small thread extends the ack deadline of the
messages this worker holds, but never past the job timeout, so a hung handler
cannot hold a message forever.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from opsdoc.worker.loop import (
    BackendUnavailable,
    Delivery,
    JobTimeout,
    Mode,
    Outcome,
    ShutdownImminent,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from opsdoc.worker.loop import Loop

RPC_TIMEOUT_S = 30.0
MAX_NACK_DELAY_S = 600


def decode(data: bytes) -> Any:
    """JSON when the message is JSON, else text, else the raw bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    try:
        return json.loads(text)
    except ValueError:
        return text


class _Leases:
    """Extends the ack deadline of held messages until they are settled or time out."""

    def __init__(self, client: Any, subscription: str, ack_deadline_s: int) -> None:
        self.client = client
        self.subscription = subscription
        self.ack_deadline_s = max(int(ack_deadline_s), 10)
        self.held: dict[str, float] = {}
        """ack_id -> monotonic time after which its lease is no longer extended."""
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="opsdoc-lease", daemon=True)

    def hold(self, ack_id: str, until: float) -> None:
        with self.lock:
            self.held[ack_id] = until

    def release(self, ack_id: str) -> None:
        with self.lock:
            self.held.pop(ack_id, None)

    def _run(self) -> None:
        interval = max(self.ack_deadline_s / 3, 1.0)
        while not self.stopped.wait(interval):
            now = time.monotonic()
            with self.lock:
                ids = [a for a, until in self.held.items() if until > now]
            if not ids:
                continue
            # On failure the ack deadline lapses and Pub/Sub redelivers: safe.
            with contextlib.suppress(Exception):
                self.client.modify_ack_deadline(
                    request={
                        "subscription": self.subscription,
                        "ack_ids": ids,
                        "ack_deadline_seconds": self.ack_deadline_s,
                    },
                    timeout=RPC_TIMEOUT_S,
                )


class PubSubBackend:
    name = "pubsub"

    def __init__(
        self,
        subscription: str,
        handler: Callable[[Any], Any],
        *,
        batch: int = 10,
        retry_backoff_s: float = 10.0,
        default_timeout_s: float = 600.0,
    ) -> None:
        self.subscription = subscription
        self.handler = handler
        self.batch = max(1, batch)
        self.retry_backoff_s = retry_backoff_s
        self.default_timeout_s = default_timeout_s
        self.buffer: deque[Any] = deque()
        self.to_ack: list[str] = []
        self.max_attempts: int | None = None
        self._conn_failures = 0

    def start(self, loop: Loop) -> None:
        from google.api_core import exceptions as gexc
        from google.cloud import pubsub_v1  # type: ignore[attr-defined]

        self.loop = loop
        self.log = loop.log
        self.client = pubsub_v1.SubscriberClient()
        try:
            sub = self.client.get_subscription(
                request={"subscription": self.subscription}, timeout=RPC_TIMEOUT_S
            )
        except gexc.GoogleAPICallError as exc:
            raise BackendUnavailable(f"subscription {self.subscription}: {exc}") from None
        except Exception as exc:  # DNS, credentials, transport: the broker cannot be used
            raise BackendUnavailable(f"subscription {self.subscription}: {exc}") from None
        if sub.dead_letter_policy and sub.dead_letter_policy.dead_letter_topic:
            self.max_attempts = sub.dead_letter_policy.max_delivery_attempts or 5
        self.leases = _Leases(self.client, self.subscription, sub.ack_deadline_seconds or 10)
        self.leases.thread.start()

    def stop(self) -> None:
        if not hasattr(self, "leases"):
            return
        self.leases.stopped.set()
        try:
            self._flush_acks()
            held = [m.ack_id for m in self.buffer]
            self.buffer.clear()
            if held:  # pulled but not started: hand them straight back
                self._modify(held, 0)
        except Exception as exc:
            self.log.error("worker.teardown_failed", f"teardown: {type(exc).__name__}: {exc}")
        finally:
            self.client.close()

    def beat(self) -> None:
        """Nothing to write on the broker side: Pub/Sub has no worker registry."""

    def maintain(self) -> None:
        """Nothing periodic: redelivery and dead-lettering are Pub/Sub's job."""

    def pull(self, timeout_s: float) -> Delivery | None:
        if not self.buffer:
            self._flush_acks()
            self._fill(timeout_s)
        if not self.buffer:
            return None
        received = self.buffer.popleft()
        msg = received.message
        published = msg.publish_time.timestamp() if msg.publish_time else None
        return Delivery(
            id=msg.message_id,
            timeout_s=self.default_timeout_s,
            enqueued_at=published,
            attempt=received.delivery_attempt or 1,
            payload=received,
        )

    def _fill(self, timeout_s: float) -> None:
        """Pull until something arrives or ``timeout_s`` passes (a pull may return nothing early)."""
        from google.api_core import exceptions as gexc

        deadline = time.monotonic() + timeout_s
        while not self.buffer and not self.loop.stop_requested:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                response = self.client.pull(
                    request={"subscription": self.subscription, "max_messages": self.batch},
                    timeout=max(left, 0.5),
                )
                self._conn_failures = 0
            except (gexc.DeadlineExceeded, gexc.RetryError):
                return
            except (gexc.ServiceUnavailable, gexc.InternalServerError) as exc:
                self._connection_lost(exc)
                continue
            except gexc.GoogleAPICallError as exc:
                raise BackendUnavailable(f"subscription {self.subscription}: {exc}") from None
            until = time.monotonic() + self.default_timeout_s + self.loop.grace_s
            for received in response.received_messages:
                self.leases.hold(received.ack_id, until)
                self.buffer.append(received)
            if not self.buffer:
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))

    def _connection_lost(self, exc: Exception) -> None:
        self._conn_failures += 1
        if (self.loop.mode is Mode.DRAIN and self._conn_failures > 3) or self._conn_failures > 30:
            raise BackendUnavailable(f"subscription {self.subscription}: {exc}")
        self.log.error("worker.pubsub_error", f"pull failed, retrying: {exc}")
        time.sleep(min(0.25 * 2**self._conn_failures, 5.0))

    def process(self, delivery: Delivery) -> Outcome:
        received = delivery.payload
        try:
            with self.loop.guard(delivery.timeout_s):
                self.handler(decode(received.message.data))
        except ShutdownImminent:
            self.leases.release(received.ack_id)
            self._modify([received.ack_id], 0)
            raise
        except (Exception, JobTimeout, SystemExit, KeyboardInterrupt) as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"[:500]
            return self._nack(received, delivery.attempt)
        self.leases.release(received.ack_id)
        self.to_ack.append(received.ack_id)
        if len(self.to_ack) >= self.batch or not self.buffer:
            self._flush_acks()
        return Outcome.SUCCEEDED

    def _nack(self, received: Any, attempt: int) -> Outcome:
        """Redeliver later; the last allowed attempt goes to the dead-letter topic."""
        self.leases.release(received.ack_id)
        last = self.max_attempts is not None and attempt >= self.max_attempts
        delay = 0 if last else int(min(self.retry_backoff_s * 2 ** (attempt - 1), MAX_NACK_DELAY_S))
        self._modify([received.ack_id], delay)
        if last:
            self.log.error(
                "job.dead_lettered",
                f"message {received.message.message_id} failed {attempt} times: dead-lettered",
                job=received.message.message_id,
                attempt=attempt,
            )
            return Outcome.FAILED
        return Outcome.RETRYING

    def _flush_acks(self) -> None:
        if not self.to_ack:
            return
        ids, self.to_ack = self.to_ack, []
        self.client.acknowledge(
            request={"subscription": self.subscription, "ack_ids": ids}, timeout=RPC_TIMEOUT_S
        )

    def _modify(self, ack_ids: list[str], seconds: int) -> None:
        try:
            self.client.modify_ack_deadline(
                request={
                    "subscription": self.subscription,
                    "ack_ids": ack_ids,
                    "ack_deadline_seconds": seconds,
                },
                timeout=RPC_TIMEOUT_S,
            )
        except Exception as exc:  # the deadline lapses on its own: redelivery still happens
            self.log.warning("job.nack_failed", f"nack failed: {exc}")
