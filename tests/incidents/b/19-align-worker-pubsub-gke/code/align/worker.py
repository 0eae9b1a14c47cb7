import json
import logging
import os
import signal
import time

from google.cloud import pubsub_v1

from .jsonlog import setup
from .pipeline import run_alignment

setup()
log = logging.getLogger("align.worker")

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "helixlab-prod")
SUBSCRIPTION = os.environ.get("SUBSCRIPTION", "samples-to-align")


def callback(message: pubsub_v1.subscriber.message.Message) -> None:
    sample = json.loads(message.data)
    started = time.monotonic()
    try:
        result = run_alignment(sample)
    except Exception:
        log.exception("alignment failed", extra={"ctx": {"sample_id": sample.get("sample_id"), "message_id": message.message_id}})
        message.nack()
        return
    message.ack()
    log.info("aligned", extra={"ctx": {
        "sample_id": sample["sample_id"], "message_id": message.message_id,
        "seconds": round(time.monotonic() - started, 1), "bam_bytes": result["bytes"],
        "delivery_attempt": message.delivery_attempt,
    }})


def main() -> None:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    flow = pubsub_v1.types.FlowControl(max_messages=2, max_lease_duration=3600)
    future = subscriber.subscribe(path, callback=callback, flow_control=flow)
    log.info("subscribed", extra={"ctx": {"subscription": path, "max_messages": 2}})

    def stop(signum, frame):
        log.info("SIGTERM received, draining")
        future.cancel()

    signal.signal(signal.SIGTERM, stop)
    with subscriber:
        try:
            future.result()
        except Exception:
            future.cancel()
            future.result()
    log.info("stopped")


if __name__ == "__main__":
    main()
