"""Streaming-pull consumer. Acks only after the notice is published; poison messages are
nacked so Pub/Sub dead-letters them after maxDeliveryAttempts."""
from __future__ import annotations

import logging
import threading

from google.cloud import pubsub_v1

from .config import Config
from .drafting import NoticeDrafter
from .events import PoisonMessage, parse
from .logfmt import ctx

log = logging.getLogger("notifier.consumer")


class Consumer:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.subscriber = pubsub_v1.SubscriberClient()
        self.publisher = pubsub_v1.PublisherClient()
        self.sub_path = self.subscriber.subscription_path(cfg.project, cfg.subscription)
        self.notices = self.publisher.topic_path(cfg.project, cfg.notices_topic)
        self.drafter = NoticeDrafter(cfg.model)
        self.future = None
        self.stopped = threading.Event()
        self.handled = 0

    def _callback(self, message) -> None:
        attempt = message.delivery_attempt or 1
        try:
            ev = parse(message.data)
        except PoisonMessage as exc:
            final = attempt >= self.cfg.max_delivery_attempts
            log.warning("rejecting message %s: %s%s", message.message_id, exc,
                        " (last attempt, Pub/Sub will dead-letter it)" if final else "",
                        extra=ctx(message_id=message.message_id, delivery_attempt=attempt))
            message.nack()
            return
        try:
            text = self.drafter.draft(ev)
            self.publisher.publish(self.notices, text.encode(), booking_ref=ev.booking_ref,
                                   change_type=ev.change_type).result(timeout=30)
        except Exception:
            log.exception("notice for %s failed, will be redelivered", ev.booking_ref,
                          extra=ctx(message_id=message.message_id, delivery_attempt=attempt))
            message.nack()
            return
        message.ack()
        self.handled += 1
        log.info("notice sent for %s (%s)", ev.booking_ref, ev.change_type,
                 extra=ctx(message_id=message.message_id, delivery_attempt=attempt, chars=len(text)))

    def start(self) -> None:
        flow = pubsub_v1.types.FlowControl(max_messages=self.cfg.max_in_flight)
        self.future = self.subscriber.subscribe(self.sub_path, callback=self._callback, flow_control=flow)
        log.info("listening on %s (max in flight %d)", self.sub_path, self.cfg.max_in_flight)

    def stop(self, timeout: float = 8.0) -> None:
        if self.future is None or self.stopped.is_set():
            return
        self.stopped.set()
        self.future.cancel()
        try:
            self.future.result(timeout=timeout)
        except Exception:  # cancelled future raises CancelledError
            pass
        self.subscriber.close()
        log.info("streaming pull stopped cleanly after %d notices", self.handled)
