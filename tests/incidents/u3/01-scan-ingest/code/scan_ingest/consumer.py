import logging
import threading
from concurrent.futures import TimeoutError

from google.cloud import pubsub_v1

from scan_ingest.handlers import PermanentScanError

log = logging.getLogger(__name__)


class Consumer:
    """Pulls carrier scans from Pub/Sub and hands each one to a handler."""

    def __init__(self, project_id, subscription_id, handler, *, max_messages=200, report_every=250):
        self._client = pubsub_v1.SubscriberClient()
        self._path = self._client.subscription_path(project_id, subscription_id)
        self._handler = handler
        self._flow = pubsub_v1.types.FlowControl(max_messages=max_messages)
        self._report_every = report_every
        self._lock = threading.Lock()
        self._future = None
        self.processed = 0
        self.rejected = 0

    def _on_message(self, message) -> None:
        try:
            self._handler(message.data, dict(message.attributes))
        except PermanentScanError as exc:
            log.warning(
                "scan rejected",
                extra={"message_id": message.message_id, "reason": str(exc)},
            )
            message.ack()
            with self._lock:
                self.rejected += 1
            return
        except Exception:
            log.exception("scan handler failed, will be redelivered",
                          extra={"message_id": message.message_id})
            message.nack()
            return

        message.ack()
        with self._lock:
            self.processed += 1
            count = self.processed
        if count % self._report_every == 0:
            log.info("progress", extra={"processed": count, "rejected": self.rejected})

    def run(self) -> int:
        self._future = self._client.subscribe(
            self._path, callback=self._on_message, flow_control=self._flow
        )
        log.info("listening for scans", extra={"subscription": self._path})

        with self._client:
            try:
                self._future.result()
            except TimeoutError:
                self._future.cancel()
                self._future.result()

        log.info(
            "consumer stopped",
            extra={"processed": self.processed, "rejected": self.rejected},
        )
        return self.processed
