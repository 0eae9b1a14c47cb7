import json
import logging
import sys
import threading
import time
from concurrent.futures import TimeoutError

import anthropic
from google.cloud import pubsub_v1

from triage import logs, settings, store
from triage.classify import check_model, classify

log = logging.getLogger("triage.worker")

RETRYABLE = (
    anthropic.RateLimitError,
    anthropic.OverloadedError,
    anthropic.InternalServerError,
    anthropic.APIConnectionError,
)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = 0
        self.nacked = 0
        self.poison = 0

    def add(self, field: str) -> None:
        with self.lock:
            setattr(self, field, getattr(self, field) + 1)


def make_callback(stats: Stats):
    def callback(message: pubsub_v1.subscriber.message.Message) -> None:
        try:
            ticket = json.loads(message.data)
        except ValueError:
            log.error("dropping undecodable message %s", message.message_id)
            stats.add("poison")
            message.ack()
            return
        try:
            result = classify(ticket)
        except RETRYABLE as exc:
            log.warning("ticket %s: model call failed (%s), will be redelivered",
                        ticket.get("id"), type(exc).__name__)
            stats.add("nacked")
            message.nack()
            return
        store.save(ticket["id"], result)
        message.ack()
        stats.add("acked")
        log.info("ticket %s triaged as %s/%s (delivery %s)", ticket["id"], result["category"],
                 result["priority"], message.delivery_attempt or 1)

    return callback


def main() -> int:
    logs.setup()
    check_model()
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.PROJECT_ID, settings.SUBSCRIPTION)
    stats = Stats()
    flow = pubsub_v1.types.FlowControl(max_messages=settings.MAX_IN_FLIGHT)
    started = time.monotonic()
    log.info("draining %s for up to %.0fs", path, settings.DRAIN_SECONDS)
    future = subscriber.subscribe(path, callback=make_callback(stats), flow_control=flow)
    with subscriber:
        try:
            future.result(timeout=settings.DRAIN_SECONDS)
        except TimeoutError:
            future.cancel()
            future.result()
    log.info("drain finished in %.1fs: acked=%d nacked=%d poison=%d",
             time.monotonic() - started, stats.acked, stats.nacked, stats.poison)
    return 0


if __name__ == "__main__":
    sys.exit(main())
