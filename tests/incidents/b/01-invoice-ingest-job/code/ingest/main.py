"""Pulls invoice events from Pub/Sub and writes normalized invoices to GCS.

Runs as the `invoice-ingest` Cloud Run job, triggered every 15 minutes by
Cloud Scheduler.
"""
import asyncio
import json
import logging
import threading

from google.cloud import pubsub_v1

from . import config
from .normalize import normalize
from .store import InvoiceStore

logging.basicConfig(
    level=config.LOG_LEVEL,
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("ingest")


class Ingestor:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.store = InvoiceStore(config.BUCKET)
        self.processed = 0

    async def handle(self, payload: dict) -> None:
        invoice = normalize(payload)
        await asyncio.to_thread(self.store.save, invoice)
        self.processed += 1

    def callback(self, message: pubsub_v1.subscriber.message.Message) -> None:
        try:
            payload = json.loads(message.data)
        except ValueError:
            log.warning("dropping non-JSON message %s", message.message_id)
            message.ack()
            return
        fut = asyncio.run_coroutine_threadsafe(self.handle(payload), self.loop)
        fut.add_done_callback(lambda f: message.ack() if f.exception() is None else message.nack())


def start_subscriber(ingestor: Ingestor) -> None:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(config.PROJECT_ID, config.SUBSCRIPTION)
    flow = pubsub_v1.types.FlowControl(max_messages=config.MAX_MESSAGES)
    future = subscriber.subscribe(path, callback=ingestor.callback, flow_control=flow)
    log.info("listening on %s", path)
    future.result()


async def main() -> None:
    loop = asyncio.get_running_loop()
    ingestor = Ingestor(loop)
    thread = threading.Thread(target=start_subscriber, args=(ingestor,), daemon=True)
    thread.start()
    log.info("invoice ingest started")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
