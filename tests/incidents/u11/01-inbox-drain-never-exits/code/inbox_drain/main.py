"""inbox-drain: pull the inbound-mail notifications that piled up since the
last run, file them as helpdesk tickets, then stop.

Scheduled as a Cloud Run Job (see deploy/job.yaml).
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from google.cloud import pubsub_v1

from . import __version__, settings
from .parse import BadNotification, parse_notification
from .tickets import TicketsClient

log = logging.getLogger("inbox_drain")


class Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.filed = 0
        self.rejected = 0

    def bump(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


def make_callback(tickets: TicketsClient, counters: Counters):
    def callback(message: pubsub_v1.subscriber.message.Message) -> None:
        try:
            draft = parse_notification(message.data)
        except BadNotification as exc:
            log.warning("rejecting message %s: %s", message.message_id, exc)
            counters.bump("rejected")
            message.ack()
            return
        try:
            ticket_id = tickets.upsert(draft)
        except Exception:
            log.exception("could not file message %s, will be redelivered", draft.message_id)
            message.nack()
            return
        counters.bump("filed")
        log.info(
            "filed %s from %s as ticket %s%s",
            draft.message_id,
            draft.sender,
            ticket_id,
            " (reply)" if draft.existing_ticket else "",
        )
        message.ack()

    return callback


def run() -> int:
    cfg = settings.load()
    logging.basicConfig(
        stream=sys.stdout,
        level=cfg.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log.info("inbox-drain %s starting, subscription=%s", __version__, cfg.subscription)

    tickets = TicketsClient(cfg.tickets_api, cfg.tickets_token, dry_run=not cfg.tickets_token)
    counters = Counters()
    subscriber = pubsub_v1.SubscriberClient()
    sub_path = subscriber.subscription_path(cfg.project_id, cfg.subscription)
    flow = pubsub_v1.types.FlowControl(max_messages=cfg.max_messages)

    streaming_pull_future = subscriber.subscribe(
        sub_path, callback=make_callback(tickets, counters), flow_control=flow
    )
    log.info("listening on %s", sub_path)

    with subscriber:
        try:
            while streaming_pull_future.running():
                time.sleep(5)
        except KeyboardInterrupt:
            streaming_pull_future.cancel()
            streaming_pull_future.result()

    log.info("done: filed=%d rejected=%d", counters.filed, counters.rejected)
    return 0


if __name__ == "__main__":
    sys.exit(run())
