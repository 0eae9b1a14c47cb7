import json
import logging
import signal
import time

from google.cloud import pubsub_v1

from . import settings
from .render import render_region

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    datefmt="%Y-%m-%d %H:%M:%S",
)
log = logging.getLogger("tile-consumer")


def _fmt(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}m{s:02d}s" if m else f"{s}s"


def handle(message: pubsub_v1.subscriber.message.Message) -> None:
    started = time.monotonic()
    job = json.loads(message.data)
    log.info("start message_id=%s region=%s z%s-%s attempt=%s", message.message_id,
             job["region"], job["zmin"], job["zmax"], message.delivery_attempt or 1)
    try:
        size = render_region(job)
    except Exception:
        log.exception("render failed message_id=%s region=%s", message.message_id, job["region"])
        message.nack()
        return
    message.ack()
    log.info("done message_id=%s region=%s bytes=%d took %s", message.message_id,
             job["region"], size, _fmt(time.monotonic() - started))


def main() -> None:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(settings.PROJECT, settings.SUBSCRIPTION)
    flow = pubsub_v1.types.FlowControl(
        max_messages=settings.MAX_IN_FLIGHT,
        max_lease_duration=settings.LEASE_CAP_SECONDS,
    )
    future = subscriber.subscribe(path, callback=handle, flow_control=flow)
    log.info("listening on %s (max_in_flight=%d)", path, settings.MAX_IN_FLIGHT)

    def _stop(*_):
        log.info("stopping")
        future.cancel()

    signal.signal(signal.SIGTERM, _stop)
    with subscriber:
        try:
            future.result()
        except Exception:
            if not future.cancelled():
                log.exception("subscriber stopped")
                raise


if __name__ == "__main__":
    main()
