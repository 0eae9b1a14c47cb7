"""Long-running Pub/Sub subscriber: one transcode per message."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time

from google.cloud import pubsub_v1

from . import __version__, config, media, notify

log = logging.getLogger("transcoder")


def handle(message) -> None:
    started = time.monotonic()
    body = json.loads(message.data)
    req = media.Request(asset_id=body["asset_id"], source_url=body["source_url"],
                        owner=body.get("owner", "unknown"))
    log.info("message %s: asset %s (delivery_attempt=%s)", message.message_id, req.asset_id,
             message.delivery_attempt)
    try:
        uris = media.transcode(req)
        notify.renditions_ready(req.asset_id, uris)
    except Exception:
        log.exception("message %s: asset %s failed, nacking", message.message_id, req.asset_id)
        message.nack()
        return
    message.ack()
    log.info("message %s: asset %s done in %.1fs, acked", message.message_id, req.asset_id,
             time.monotonic() - started)


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                        format="%(levelname)s %(name)s: %(message)s")
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(config.PROJECT_ID, config.SUBSCRIPTION)
    flow = pubsub_v1.types.FlowControl(
        max_messages=config.MAX_IN_FLIGHT,
        max_lease_duration=config.MAX_LEASE_SECONDS,
    )
    future = subscriber.subscribe(path, callback=handle, flow_control=flow)
    log.info("transcoder %s listening on %s (max_in_flight=%d, max_lease=%ds)", __version__,
             path, config.MAX_IN_FLIGHT, config.MAX_LEASE_SECONDS)

    def stop(signum, frame):
        log.info("signal %d: stopping", signum)
        future.cancel()

    signal.signal(signal.SIGTERM, stop)
    with subscriber:
        try:
            future.result()
        except Exception:
            future.cancel()
            future.result()
    return 0


if __name__ == "__main__":
    sys.exit(main())
