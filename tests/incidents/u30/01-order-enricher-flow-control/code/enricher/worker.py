import json
import logging
import signal
import threading
import time
from datetime import datetime, timezone

from google.cloud import pubsub_v1

from . import __version__
from .config import load
from .enrich import enrich
from .profiles import ProfileClient
from .sink import make_sink

log = logging.getLogger("enricher.worker")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.ok = 0
        self.failed = 0
        self.busy = 0.0
        self.max_lag = 0.0

    def record(self, ok: bool, took: float, lag: float):
        with self.lock:
            if ok:
                self.ok += 1
            else:
                self.failed += 1
            self.busy += took
            self.max_lag = max(self.max_lag, lag)

    def snapshot(self):
        with self.lock:
            snap = (self.ok, self.failed, self.busy, self.max_lag)
            self.reset()
        return snap


def main():
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    settings = load()
    profiles = ProfileClient(settings.profiles_url, settings.http_timeout)
    sink = make_sink(settings.bq_table)
    stats = Stats()

    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.project_id, settings.subscription)

    def callback(message):
        started = time.monotonic()
        lag = (datetime.now(timezone.utc) - message.publish_time).total_seconds()
        try:
            order = json.loads(message.data)
            customer = profiles.customer(order["customer_id"])
            geo = profiles.geo(order["shipping"]["postcode"], order["shipping"]["country"])
            sink.write(enrich(order, customer, geo))
        except Exception:
            log.exception("enrichment failed for message %s", message.message_id)
            stats.record(False, time.monotonic() - started, lag)
            message.nack()
            return
        stats.record(True, time.monotonic() - started, lag)
        message.ack()

    flow_control = pubsub_v1.types.FlowControl(max_messages=settings.max_messages)
    future = subscriber.subscribe(path, callback=callback, flow_control=flow_control)
    log.info("order-enricher %s listening on %s (max_messages=%d)", __version__, path, settings.max_messages)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    while not stop.wait(settings.stats_interval):
        ok, failed, busy, max_lag = stats.snapshot()
        done = ok + failed
        avg = busy / done if done else 0.0
        log.info(
            "stats processed=%d failed=%d rate=%.2f/s avg_handle=%.3fs max_publish_lag=%.1fs",
            ok, failed, done / settings.stats_interval, avg, max_lag,
        )

    log.info("shutting down")
    future.cancel()
    future.result(timeout=30)
    subscriber.close()
    log.info("subscriber closed")


if __name__ == "__main__":
    main()
