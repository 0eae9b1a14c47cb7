import logging
import sys
import time

from google.cloud import pubsub_v1

from . import __version__, config
from .handlers import Stats, make_callback

logging.basicConfig(
    level=logging.INFO,
    stream=sys.stderr,
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("ledger_sync")


def run() -> int:
    settings = config.load()
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.project_id, settings.subscription)
    stats = Stats()

    flow = pubsub_v1.types.FlowControl(max_messages=settings.max_messages)
    future = subscriber.subscribe(path, callback=make_callback(settings, stats), flow_control=flow)
    log.info("ledger-sync %s listening on %s", __version__, path)

    with subscriber:
        while True:
            time.sleep(5)
            idle = time.monotonic() - stats.last_message_at
            if idle >= settings.idle_seconds:
                log.info("no messages for %ds, stopping (handled=%d)", int(idle), stats.handled)
                future.cancel()
                future.result(timeout=30)
                break
    return 0


if __name__ == "__main__":
    sys.exit(run())
