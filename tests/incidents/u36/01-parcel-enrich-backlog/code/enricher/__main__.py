import logging
import signal
import sys
import threading

from google.cloud import pubsub_v1

from enricher import __version__, health, logs
from enricher.config import Settings
from enricher.geocoder import GeoNorthClient
from enricher.handler import EnrichHandler
from enricher.zones import ZoneClient

log = logging.getLogger("enricher")


def main() -> int:
    logs.setup()
    settings = Settings.from_env()
    health.start(settings.health_port)

    subscriber = pubsub_v1.SubscriberClient()
    publisher = pubsub_v1.PublisherClient()
    sub_path = subscriber.subscription_path(settings.project, settings.subscription)
    topic_path = publisher.topic_path(settings.project, settings.output_topic)

    handler = EnrichHandler(
        GeoNorthClient(settings.geocoder_url, settings.geocoder_api_key, pool_size=settings.max_in_flight),
        ZoneClient(settings.zones_url),
        publisher,
        topic_path,
    )
    flow_control = pubsub_v1.types.FlowControl(max_messages=settings.max_in_flight)
    future = subscriber.subscribe(sub_path, callback=handler, flow_control=flow_control)
    log.info("address-enricher %s listening on %s (max_in_flight=%s)", __version__, sub_path, settings.max_in_flight)

    stop = threading.Event()

    def _shutdown(signum, frame):
        log.info("received signal %s, shutting down", signum)
        stop.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)

    while not stop.is_set():
        if future.done():
            exc = future.exception()
            log.error("streaming pull stopped: %r", exc)
            return 1
        stop.wait(5)

    future.cancel()
    future.result(timeout=30)
    subscriber.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
