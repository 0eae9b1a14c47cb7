"""Drain the order-events subscription into hourly NDJSON files, then exit."""
import json
import logging
import os
import sys
import time

from google.api_core import exceptions as gexc
from google.cloud import pubsub_v1

from .sink import GcsSink

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("archiver")

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "orbitcart-prod")
SUBSCRIPTION = os.environ.get("ARCHIVER_SUBSCRIPTION", "order-events-archive")
BUCKET = os.environ.get("ARCHIVER_BUCKET", "orbitcart-event-archive")
BATCH = int(os.environ.get("ARCHIVER_BATCH", "500"))
MAX_RUNTIME = int(os.environ.get("ARCHIVER_MAX_RUNTIME", "1500"))


def drain() -> int:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    sink = GcsSink(BUCKET)
    started = time.monotonic()
    total, part = 0, 0
    with subscriber:
        while time.monotonic() - started < MAX_RUNTIME:
            try:
                resp = subscriber.pull(
                    request={"subscription": path, "max_messages": BATCH},
                    timeout=30,
                )
            except gexc.DeadlineExceeded:
                log.info("pull deadline exceeded, treating as empty")
                break
            if not resp.received_messages:
                break
            records = []
            for rm in resp.received_messages:
                try:
                    records.append(json.loads(rm.message.data))
                except ValueError:
                    records.append({"_raw": rm.message.data.decode("utf-8", "replace"), "_id": rm.message.message_id})
            name = sink.write(records, part)
            subscriber.acknowledge(
                request={"subscription": path, "ack_ids": [rm.ack_id for rm in resp.received_messages]}
            )
            part += 1
            total += len(records)
            log.info("archived %d events to gs://%s/%s", len(records), BUCKET, name)
    log.info("subscription drained: %d events in %d files, %.1fs", total, part, time.monotonic() - started)
    return total


if __name__ == "__main__":
    drain()
