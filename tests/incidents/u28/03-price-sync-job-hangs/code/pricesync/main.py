import logging
import threading
import time

from google.cloud import pubsub_v1

from . import __version__, logs, settings
from .model import InvalidUpdate, PriceUpdate
from .store import CostStore

log = logging.getLogger("pricesync")


class Counters:
    def __init__(self):
        self._lock = threading.Lock()
        self.applied = 0
        self.stale = 0
        self.invalid = 0
        self.errors = 0

    def add(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


def make_callback(store: CostStore, counters: Counters):
    def callback(message: pubsub_v1.subscriber.message.Message) -> None:
        try:
            update = PriceUpdate.from_message(message.data)
        except InvalidUpdate as e:
            log.warning("dropping invalid price update %s: %s", message.message_id, e)
            counters.add("invalid")
            message.ack()
            return
        try:
            applied = store.upsert(update)
        except Exception:
            log.exception("failed to apply %s/%s", update.supplier_id, update.sku)
            counters.add("errors")
            message.nack()
            return
        counters.add("applied" if applied else "stale")
        message.ack()
        total = counters.applied + counters.stale
        if total % 250 == 0:
            log.info("applied %d updates so far (%d stale)", counters.applied, counters.stale)

    return callback


def main() -> int:
    cfg = settings.load()
    logs.setup(cfg.log_level)
    log.info("pricesync %s starting, subscription=%s", __version__, cfg.subscription)

    store = CostStore(cfg.database_url)
    counters = Counters()
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(cfg.project, cfg.subscription)
    flow = pubsub_v1.types.FlowControl(max_messages=cfg.max_messages)

    started = time.monotonic()
    streaming_pull_future = subscriber.subscribe(path, callback=make_callback(store, counters), flow_control=flow)
    log.info("listening for messages on %s", path)

    with subscriber:
        try:
            streaming_pull_future.result()
        except Exception:
            log.exception("streaming pull stopped")
            streaming_pull_future.cancel()
            streaming_pull_future.result()

    store.close()
    log.info(
        "done in %.0fs: applied=%d stale=%d invalid=%d errors=%d",
        time.monotonic() - started, counters.applied, counters.stale, counters.invalid, counters.errors,
    )
    return 1 if counters.errors else 0
