import json
import logging
import signal
import time
from datetime import datetime, timezone

from google.api_core import exceptions as gexc
from google.cloud import pubsub_v1

from thumbnailer import config, logsetup, render, storage

log = logging.getLogger("thumbnailer.worker")

_stopping = False


def _on_sigterm(signum, frame):
    global _stopping
    log.info("SIGTERM received, finishing current batch")
    _stopping = True


def handle(settings: config.Settings, payload: dict) -> int:
    pdf = storage.download(payload["bucket"], payload["name"])
    pages = 0
    for page_no, webp in render.render_pages(pdf, settings.thumb_width, settings.max_pages):
        storage.upload_thumb(settings.thumbs_bucket, payload["doc_id"], page_no, webp)
        pages = page_no
    storage.write_manifest(settings.thumbs_bucket, payload["doc_id"], pages, settings.thumb_width)
    return pages


def main() -> None:
    logsetup.configure()
    settings = config.load()
    signal.signal(signal.SIGTERM, _on_sigterm)

    subscriber = pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(settings.project, settings.subscription)
    log.info("thumbnailer starting, subscription=%s max_messages=%d", sub_path, settings.max_messages)

    while not _stopping:
        try:
            response = subscriber.pull(
                request={"subscription": sub_path, "max_messages": settings.max_messages},
                timeout=settings.pull_timeout,
            )
        except (gexc.DeadlineExceeded, gexc.ServiceUnavailable) as exc:
            log.warning("pull failed: %s", exc)
            continue

        if not response.received_messages:
            continue
        log.info("pulled %d message(s)", len(response.received_messages))

        for received in response.received_messages:
            msg = received.message
            age = (datetime.now(timezone.utc) - msg.publish_time).total_seconds()
            try:
                payload = json.loads(msg.data)
            except ValueError:
                log.error("message_id=%s: bad payload, dropping", msg.message_id)
                subscriber.acknowledge(request={"subscription": sub_path, "ack_ids": [received.ack_id]})
                continue

            log.info(
                "message_id=%s doc_id=%s start render gs://%s/%s (published %.0fs ago)",
                msg.message_id, payload.get("doc_id"), payload.get("bucket"), payload.get("name"), age,
            )
            started = time.monotonic()
            try:
                pages = handle(settings, payload)
            except Exception:
                log.exception("message_id=%s doc_id=%s render failed", msg.message_id, payload.get("doc_id"))
                continue

            elapsed = time.monotonic() - started
            subscriber.acknowledge(request={"subscription": sub_path, "ack_ids": [received.ack_id]})
            log.info(
                "message_id=%s doc_id=%s done pages=%d duration=%.1fs acked",
                msg.message_id, payload.get("doc_id"), pages, elapsed,
            )

    subscriber.close()
    log.info("thumbnailer stopped")
