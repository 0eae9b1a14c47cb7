import json
import logging
import queue
import threading

import redis

log = logging.getLogger("transcoder.fetcher")


class Fetcher(threading.Thread):
    """Moves job descriptors from the shared Redis list into a local bounded queue."""

    def __init__(self, r: redis.Redis, key: str, out: queue.Queue):
        super().__init__(name="fetcher", daemon=True)
        self.r = r
        self.key = key
        self.out = out

    def run(self) -> None:
        while True:
            item = self.r.blpop(self.key, timeout=20)
            if item is None:
                continue
            job = json.loads(item[1])
            self.out.put(job)
            log.info("queued %s (%s)", job["asset_id"], job["profile"])
