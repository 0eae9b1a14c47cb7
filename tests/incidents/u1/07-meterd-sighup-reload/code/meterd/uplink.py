import logging
import queue
import threading
import time

import requests

log = logging.getLogger("meterd.uplink")


class Uplink(threading.Thread):
    """Ships readings to the cloud ingest API from a plain thread (requests is blocking)."""

    def __init__(self, url: str, batch: int, site_id: str) -> None:
        super().__init__(name="uplink", daemon=True)
        self.url, self.batch, self.site_id = url, batch, site_id
        self.q: queue.Queue = queue.Queue(maxsize=100_000)
        self._session = requests.Session()

    def put(self, reading: dict) -> None:
        self.q.put_nowait(reading)

    def run(self) -> None:
        while True:
            deadline = time.monotonic() + 60
            sent = 0
            while time.monotonic() < deadline:
                items = []
                try:
                    items.append(self.q.get(timeout=1))
                    while len(items) < self.batch:
                        items.append(self.q.get_nowait())
                except queue.Empty:
                    pass
                if items:
                    self._ship(items)
                    sent += len(items)
            log.info("flushed %d readings in last 60s (backlog=%d)", sent, self.q.qsize())

    def _ship(self, items: list[dict]) -> None:
        for attempt in range(3):
            try:
                r = self._session.post(self.url, json={"site": self.site_id, "readings": items}, timeout=10)
                r.raise_for_status()
                return
            except requests.RequestException as exc:
                log.warning("ship failed (attempt %d): %s", attempt + 1, exc)
                time.sleep(2 ** attempt)
        log.error("dropping %d readings after 3 attempts", len(items))
