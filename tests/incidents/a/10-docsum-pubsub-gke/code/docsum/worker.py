import json
import logging
import sys
import time

from google.cloud import pubsub_v1

from . import settings
from .store import load_document, save_summary
from .summarise import summarise

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("docsum")


def handle(message: pubsub_v1.subscriber.message.Message) -> None:
    event = json.loads(message.data)
    doc_id = event["doc_id"]
    log.info("start doc %s message_id=%s attempt=%s", doc_id, message.message_id, message.delivery_attempt)
    t0 = time.monotonic()
    try:
        summary = summarise(load_document(event["uri"]))
        save_summary(doc_id, summary)
    except Exception:
        log.exception("failed doc %s", doc_id)
        message.nack()
        return
    message.ack()
    log.info("summarised doc %s in %.1fs", doc_id, time.monotonic() - t0)


def main() -> None:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.PROJECT, settings.SUBSCRIPTION)
    flow = pubsub_v1.types.FlowControl(max_messages=4, max_lease_duration=30)
    future = subscriber.subscribe(path, callback=handle, flow_control=flow)
    log.info("docsum worker listening on %s", path)
    with subscriber:
        future.result()


if __name__ == "__main__":
    main()
