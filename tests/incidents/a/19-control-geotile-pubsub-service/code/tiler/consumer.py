import json
import logging
import os
import time

from google.cloud import pubsub_v1

from .render import render_tiles

log = logging.getLogger("tiler.consumer")


def _callback(message: pubsub_v1.subscriber.message.Message) -> None:
    job = json.loads(message.data)
    t0 = time.monotonic()
    log.info("tiling layer=%s message_id=%s", job["layer"], message.message_id)
    try:
        count = render_tiles(job)
    except Exception:
        log.exception("tiling failed layer=%s", job["layer"])
        message.nack()
        return
    message.ack()
    log.info("tiled layer=%s tiles=%d seconds=%.1f", job["layer"], count, time.monotonic() - t0)


def start() -> pubsub_v1.subscriber.futures.StreamingPullFuture:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(os.environ["GOOGLE_CLOUD_PROJECT"],
                                        os.environ.get("TILER_SUBSCRIPTION", "raster-uploaded-tiler"))
    flow = pubsub_v1.types.FlowControl(max_messages=2, max_lease_duration=3600)
    future = subscriber.subscribe(path, callback=_callback, flow_control=flow)
    log.info("streaming pull started on %s", path)
    return future
