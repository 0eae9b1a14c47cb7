import logging
import threading

from google.cloud.pubsub_v1.subscriber.message import Message

from .sink import Sink

log = logging.getLogger(__name__)


class Batcher:
    """Collects decoded readings and writes them in batches, acking after the write."""

    def __init__(self, sink: Sink, flush_every: int) -> None:
        self.sink = sink
        self.flush_every = flush_every
        self._lock = threading.Lock()
        self._rows: list[dict] = []
        self._msgs: list[Message] = []
        self.total = 0

    def add(self, row: dict, msg: Message) -> None:
        with self._lock:
            self._rows.append(row)
            self._msgs.append(msg)
            if len(self._rows) >= self.flush_every:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if not self._rows:
            return
        self.sink.write(self._rows)
        for m in self._msgs:
            m.ack()
        self.total += len(self._rows)
        log.info("flushed %d readings (total %d)", len(self._rows), self.total)
        self._rows, self._msgs = [], []
