import logging
import threading

import redis

log = logging.getLogger(__name__)


class DepthReporter(threading.Thread):
    """Logs list depths so they end up in the journal (and in Loki via promtail)."""

    def __init__(self, redis_url: str, queues: tuple[str, ...], interval: float):
        super().__init__(name="depth-reporter", daemon=True)
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=5)
        self.queues = queues
        self.interval = interval
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                depths = {q: self.redis.llen(q) for q in self.queues}
            except redis.RedisError as exc:
                log.warning("depth check failed: %s", exc)
                continue
            log.info("queue depth %s", " ".join(f"{q}={n}" for q, n in depths.items()))

    def stop(self) -> None:
        self._stop.set()
