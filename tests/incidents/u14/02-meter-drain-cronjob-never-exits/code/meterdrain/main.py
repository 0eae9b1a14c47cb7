"""Drain the meter-readings backlog into the warehouse, then exit.

Runs as a Kubernetes CronJob every 30 minutes. The smart-meter gateway publishes in
bursts after each collection window; this job pulls whatever is waiting and writes it to
BigQuery in batches.
"""

import logging
import signal
import sys

from google.cloud import pubsub_v1

from . import __version__, batcher, config, decode, sink

log = logging.getLogger("meterdrain")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s [%(name)s] %(message)s", stream=sys.stdout)
    cfg = config.load()
    log.info("meterdrain %s starting, subscription=%s sink=%s", __version__, cfg.subscription_path, cfg.sink_backend)

    out = batcher.Batcher(sink.make(cfg.sink_backend, cfg.bq_table, cfg.jsonl_path), cfg.flush_every)

    def on_message(msg: pubsub_v1.subscriber.message.Message) -> None:
        try:
            row = decode.decode(msg.data, dict(msg.attributes))
        except decode.BadReading as exc:
            log.warning("dropping bad reading %s: %s", msg.message_id, exc)
            msg.ack()
            return
        out.add(row, msg)

    subscriber = pubsub_v1.SubscriberClient()
    flow = pubsub_v1.types.FlowControl(max_messages=cfg.max_messages)
    streaming_pull_future = subscriber.subscribe(cfg.subscription_path, callback=on_message, flow_control=flow)
    log.info("listening for readings on %s", cfg.subscription_path)

    def _stop(signum, _frame):
        log.info("signal %d: stopping", signum)
        streaming_pull_future.cancel()

    signal.signal(signal.SIGINT, _stop)

    with subscriber:
        # Returns once the stream is done and the backlog is drained.
        streaming_pull_future.result()
    out.flush()
    log.info("drained %d readings, exiting", out.total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
