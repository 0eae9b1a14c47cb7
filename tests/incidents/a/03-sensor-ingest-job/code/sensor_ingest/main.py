import json
import logging
import signal
import sys

from google.cloud import pubsub_v1

from .config import load
from .sink import BufferedSink

logging.basicConfig(
    stream=sys.stdout,
    level=logging.INFO,
    format="ts=%(asctime)s level=%(levelname)s logger=%(name)s msg=\"%(message)s\"",
    datefmt="%Y-%m-%dT%H:%M:%S%z",
)
log = logging.getLogger("sensor_ingest")


def main() -> int:
    cfg = load()
    sink = BufferedSink(cfg.bq_table, cfg.batch_size)
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(cfg.project, cfg.subscription)

    def on_message(message):
        try:
            reading = json.loads(message.data)
            sink.add({"device": reading["device"], "ts": reading["ts"], "value": reading["value"]})
        except (KeyError, ValueError):
            log.warning("bad reading id=%s", message.message_id)
        message.ack()

    future = subscriber.subscribe(path, callback=on_message)
    log.info("ingest started subscription=%s table=%s", path, cfg.bq_table)
    signal.pause()
    future.cancel()
    sink.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
