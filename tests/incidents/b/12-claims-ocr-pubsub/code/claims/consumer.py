import json
import logging
import os
import threading
import time

from flask import Flask
from google.cloud import pubsub_v1

from .logsetup import configure
from .ocr import extract
from .store import save_extraction

configure()
log = logging.getLogger("claims.consumer")

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "claimsy-prod")
SUBSCRIPTION = os.environ.get("SUBSCRIPTION", "claim-documents-ocr")
BATCH = int(os.environ.get("PULL_BATCH", "10"))

app = Flask(__name__)


@app.get("/")
def health():
    return {"status": "ok"}


def handle(received) -> None:
    msg = received.message
    payload = json.loads(msg.data)
    started = time.monotonic()
    data = extract(payload["gcs_uri"])
    save_extraction(payload["claim_id"], data)
    log.info(
        "processed",
        extra={"fields": {
            "event": "processed",
            "message_id": msg.message_id,
            "claim_id": payload["claim_id"],
            "pages": data["pages"],
            "duration_ms": int((time.monotonic() - started) * 1000),
            "delivery_attempt": received.delivery_attempt,
        }},
    )


def pull_loop() -> None:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(PROJECT, SUBSCRIPTION)
    log.info("pulling", extra={"fields": {"event": "start", "subscription": path, "batch": BATCH}})
    while True:
        resp = subscriber.pull(request={"subscription": path, "max_messages": BATCH}, timeout=60)
        for received in resp.received_messages:
            try:
                handle(received)
            except Exception:
                log.exception("failed", extra={"fields": {"event": "failed", "message_id": received.message.message_id}})
                continue
            subscriber.acknowledge(request={"subscription": path, "ack_ids": [received.ack_id]})


threading.Thread(target=pull_loop, name="pull-loop", daemon=True).start()
