import json
import logging
import os
import threading
import time

from google.cloud import pubsub_v1

from .printer import render_and_queue

log = logging.getLogger("labelq.consumer")


class LabelConsumer:
    def __init__(self, project: str, subscription: str, health_interval: int = 300):
        self.subscriber = pubsub_v1.SubscriberClient()
        self.path = self.subscriber.subscription_path(project, subscription)
        self.health_interval = health_interval
        self.received = 0
        self.acked = 0
        self._stop = threading.Event()
        self._future = None

    def _callback(self, message):
        self.received += 1
        order = json.loads(message.data)
        try:
            render_and_queue(order)
        except Exception:
            log.exception("label render failed", extra={"message_id": message.message_id})
            message.nack()
            return
        message.ack()
        self.acked += 1

    def _health(self):
        while not self._stop.is_set():
            log.info("consumer alive", extra={"received": self.received, "acked": self.acked})
            self._stop.wait(self.health_interval)

    def start(self) -> None:
        threading.Thread(target=self._health, name="health", daemon=True).start()
        flow = pubsub_v1.types.FlowControl(max_messages=20)
        self._future = self.subscriber.subscribe(self.path, callback=self._callback, flow_control=flow)
        log.info("subscribed to %s", self.path)
        done = threading.Event()
        done.wait()

    def stop(self) -> None:
        self._stop.set()
        if self._future is not None:
            self._future.cancel()
        self.subscriber.close()
