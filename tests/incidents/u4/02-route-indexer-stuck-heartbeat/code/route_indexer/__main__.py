import json
import logging
import signal
import sys
import threading
import time

from . import __version__, heartbeat, settings
from .cache import RouteCache
from .metrics import MetricsReporter
from .routes import RouteResolver

logging.basicConfig(
    level=settings.LOG_LEVEL,
    stream=sys.stderr,
    format="%(levelname)s %(name)s [%(threadName)s] %(message)s",
)
log = logging.getLogger("route_indexer")


class Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values = {"indexed": 0, "failed": 0}

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            self._values[name] += n

    def snapshot(self) -> dict:
        with self._lock:
            return dict(self._values)


_running = True


def _stop(signum, _frame):
    global _running
    log.info("received signal %d, finishing current batch", signum)
    _running = False


def spool_depth() -> int:
    return sum(1 for _ in settings.SPOOL_DIR.glob("*.json"))


def index_file(path, resolver: RouteResolver) -> None:
    scan = json.loads(path.read_text())
    scan["route_id"] = resolver.resolve(scan["depot"], scan["postcode"])
    out = settings.DONE_DIR / path.name
    out.write_text(json.dumps(scan, separators=(",", ":")))
    path.unlink()


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    settings.DONE_DIR.mkdir(parents=True, exist_ok=True)

    cache = RouteCache(settings.CACHE_MAX_ENTRIES, settings.CACHE_TTL_SECONDS)
    resolver = RouteResolver(settings.ROUTES_DB, cache)
    counters = Counters()
    metrics = MetricsReporter(settings.METRICS_SECONDS, counters, cache, spool_depth)
    metrics.start()
    log.info("route-indexer %s started, spool=%s cache_max=%d",
             __version__, settings.SPOOL_DIR, settings.CACHE_MAX_ENTRIES)

    last_beat = 0.0
    while _running:
        now = time.monotonic()
        if now - last_beat >= settings.HEARTBEAT_SECONDS:
            heartbeat.write(settings.HEARTBEAT_FILE, settings.HEARTBEAT_SECONDS,
                            indexed_total=counters.snapshot()["indexed"])
            last_beat = now

        batch = sorted(settings.SPOOL_DIR.glob("*.json"))[: settings.BATCH_SIZE]
        if not batch:
            time.sleep(settings.POLL_SECONDS)
            continue

        started = time.monotonic()
        for path in batch:
            try:
                index_file(path, resolver)
                counters.add("indexed")
            except (ValueError, KeyError) as exc:
                counters.add("failed")
                log.warning("skipping %s: %s", path.name, exc)
                path.rename(path.with_suffix(".rejected"))
        log.info("indexed batch of %d in %.2fs (cache=%d, misses=%d)",
                 len(batch), time.monotonic() - started, len(cache), resolver.misses)

    metrics.stop()
    log.info("route-indexer stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
