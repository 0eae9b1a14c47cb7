import json
import logging
import threading
import time

from google.cloud import pubsub_v1

from . import db
from .config import Settings

logger = logging.getLogger("ledger_sync.handlers")

REQUIRED = ("settlement_id", "merchant_id", "amount_minor", "currency", "booked_at")


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.handled = 0
        self.last_message_at = time.monotonic()

    def touch(self) -> None:
        with self._lock:
            self.handled += 1
            self.last_message_at = time.monotonic()


def parse(message: pubsub_v1.subscriber.message.Message) -> dict:
    event = json.loads(message.data.decode("utf-8"))
    missing = [k for k in REQUIRED if k not in event]
    if missing:
        raise ValueError(f"settlement event missing fields: {missing}")
    return event


def make_callback(settings: Settings, stats: Stats):
    def callback(message: pubsub_v1.subscriber.message.Message) -> None:
        stats.touch()
        try:
            event = parse(message)
            db.apply_settlement(settings, event)
            logger.info("applied settlement %s for merchant %s",
                        event["settlement_id"], event["merchant_id"])
        except Exception:
            logger.exception("could not apply message %s", message.message_id)
        message.ack()

    return callback
