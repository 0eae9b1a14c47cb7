"""Pub/Sub consumer: one message per uploaded asset (`asset-uploaded` topic)."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
import time
from concurrent import futures

from google.cloud import pubsub_v1
from google.cloud.pubsub_v1.subscriber.scheduler import ThreadScheduler

from . import __version__, config, render, storage

log = logging.getLogger("thumbnailer.worker")


def handle(message) -> None:
    started = time.monotonic()
    try:
        event = json.loads(message.data)
        key = event["key"]
    except (ValueError, KeyError):
        log.error("dropping malformed event id=%s", message.message_id)
        message.ack()
        return
    attempt = message.delivery_attempt or 1
    try:
        written = render.render(key, config.SIZES, storage.fetch, storage.store)
    except Exception:
        log.exception("render failed asset=%s attempt=%d; will be redelivered", key, attempt)
        message.nack()
        return
    message.ack()
    log.info(
        "done asset=%s sizes=%d took=%.1fs attempt=%d",
        key,
        len(written),
        time.monotonic() - started,
        attempt,
    )


def main() -> int:
    logging.basicConfig(
        stream=sys.stdout,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(config.PROJECT_ID, config.SUBSCRIPTION)
    scheduler = ThreadScheduler(futures.ThreadPoolExecutor(max_workers=config.WORKER_THREADS))
    flow = pubsub_v1.types.FlowControl(max_messages=config.MAX_MESSAGES)
    stream = subscriber.subscribe(path, callback=handle, flow_control=flow, scheduler=scheduler)
    log.info(
        "thumbnailer %s consuming %s (max_messages=%d, threads=%d)",
        __version__,
        path,
        config.MAX_MESSAGES,
        config.WORKER_THREADS,
    )

    stopping = threading.Event()

    def on_sigterm(signum, frame):
        log.info("SIGTERM received, draining (grace %.0fs)", config.SHUTDOWN_GRACE_S)
        stopping.set()

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, on_sigterm)

    with subscriber:
        while not stopping.wait(timeout=30):
            if not stream.running():
                log.error("streaming pull stopped: %s", stream.exception())
                return 1
        stream.cancel()
        try:
            stream.result(timeout=config.SHUTDOWN_GRACE_S)
        except (futures.TimeoutError, futures.CancelledError):
            pass
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
