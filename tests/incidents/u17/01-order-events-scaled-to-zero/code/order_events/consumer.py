import logging
import threading

from google.cloud import pubsub_v1

from .handlers import OrderEvent, apply_event

log = logging.getLogger(__name__)


class OrderEventsConsumer:
    def __init__(self, project: str, subscription: str, store,
                 max_messages: int = 200, max_bytes: int = 50 * 1024 * 1024):
        self._subscriber = pubsub_v1.SubscriberClient()
        self._path = self._subscriber.subscription_path(project, subscription)
        self._store = store
        self._flow = pubsub_v1.types.FlowControl(
            max_messages=max_messages, max_bytes=max_bytes
        )
        self._future = None
        self._processed = 0
        self._lock = threading.Lock()

    @property
    def processed(self) -> int:
        return self._processed

    def _callback(self, message) -> None:
        try:
            event = OrderEvent.from_bytes(message.data)
            applied = apply_event(event, self._store)
        except (KeyError, ValueError) as exc:
            log.error("dropping malformed message %s: %s", message.message_id, exc)
            message.ack()
            return
        except Exception:
            log.exception("failed to apply message %s", message.message_id)
            message.nack()
            return
        message.ack()
        with self._lock:
            self._processed += 1
        if applied:
            log.info("applied %s %s order=%s", event.event_type, event.event_id,
                     event.order_id)

    def start(self) -> None:
        log.info("Listening for messages on %s", self._path)
        self._future = self._subscriber.subscribe(
            self._path, callback=self._callback, flow_control=self._flow
        )

    def stop(self, timeout: float = 10.0) -> None:
        if self._future is None:
            return
        self._future.cancel()
        try:
            self._future.result(timeout=timeout)
        except Exception:
            pass
        self._subscriber.close()
        log.info("Subscriber stopped after %d messages", self._processed)
