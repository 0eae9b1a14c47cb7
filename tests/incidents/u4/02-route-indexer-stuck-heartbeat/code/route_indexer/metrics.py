"""Periodic one-line metrics for the journal (scraped by the log-based dashboards)."""
import logging
import resource
import threading

log = logging.getLogger("route_indexer.metrics")


class MetricsReporter(threading.Thread):
    def __init__(self, interval: int, counters, cache, spool_depth) -> None:
        super().__init__(name="metrics", daemon=True)
        self.interval = interval
        self.counters = counters
        self.cache = cache
        self.spool_depth = spool_depth
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            snap = self.counters.snapshot()
            rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            log.info(
                "metrics indexed_total=%d failed_total=%d spool_depth=%d cache_entries=%d rss_mb=%d",
                snap["indexed"], snap["failed"], self.spool_depth(), len(self.cache), rss_mb,
            )
