import threading
import time

MAX_AGE = 6 * 3600

_lock = threading.Lock()
_catalog: dict[str, dict] = {}


def warm(snapshot: dict[str, dict]) -> None:
    with _lock:
        _catalog.update(snapshot)


def _store(feed_id: str, fetch) -> dict:
    with _lock:
        entry = fetch(feed_id)
        entry["fetched_at"] = time.time()
        _catalog[feed_id] = entry
        return entry


def get_feed(feed_id: str, fetch) -> dict:
    with _lock:
        entry = _catalog.get(feed_id)
        if entry is None or time.time() - entry["fetched_at"] > MAX_AGE:
            entry = _store(feed_id, fetch)
        return entry


def snapshot() -> dict[str, dict]:
    with _lock:
        return dict(_catalog)
