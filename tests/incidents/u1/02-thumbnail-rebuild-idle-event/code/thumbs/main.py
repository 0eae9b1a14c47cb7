import json
import logging
import os
import threading
import time

from google.cloud import pubsub_v1

from . import logsetup
from .render import rebuild

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "pixelmint-media")
SUBSCRIPTION = os.environ.get("THUMBS_SUBSCRIPTION", "thumbnail-rebuild-requests")
IDLE_REPORT_SECONDS = int(os.environ.get("THUMBS_IDLE_REPORT_SECONDS", "60"))

log = logging.getLogger("thumbs")

stop = threading.Event()
state = {"done": 0, "failed": 0, "last_message": time.monotonic()}
lock = threading.Lock()


def on_message(message: pubsub_v1.subscriber.message.Message) -> None:
    try:
        req = json.loads(message.data)
        count = rebuild(req["bucket"], req["object"])
    except Exception:
        log.exception("rebuild failed", extra={"fields": {"message_id": message.message_id}})
        with lock:
            state["failed"] += 1
            state["last_message"] = time.monotonic()
        message.nack()
        return
    with lock:
        state["done"] += 1
        state["last_message"] = time.monotonic()
    log.info(
        "rebuilt thumbnails",
        extra={"fields": {"object": req["object"], "variants": count}},
    )
    message.ack()


def main() -> None:
    logsetup.configure(os.environ.get("LOG_LEVEL", "INFO"))
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    future = subscriber.subscribe(
        path,
        callback=on_message,
        flow_control=pubsub_v1.types.FlowControl(max_messages=8),
    )
    log.info("subscribed", extra={"fields": {"subscription": path}})

    next_report = time.monotonic() + IDLE_REPORT_SECONDS
    while not stop.is_set():
        time.sleep(1)
        now = time.monotonic()
        if now >= next_report:
            with lock:
                idle = int(now - state["last_message"])
                done, failed = state["done"], state["failed"]
            log.info(
                "progress",
                extra={"fields": {"done": done, "failed": failed, "idle_seconds": idle}},
            )
            next_report = now + IDLE_REPORT_SECONDS

    future.cancel()
    future.result(timeout=30)
    subscriber.close()
    log.info("finished", extra={"fields": state})


if __name__ == "__main__":
    main()
