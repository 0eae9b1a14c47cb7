"""In-process cache of postcode-sector -> route assignments."""
import threading
import time
from collections import OrderedDict
from typing import NamedTuple, Optional


class _Entry(NamedTuple):
    value: str
    expires_at: float


class RouteCache:
    def __init__(self, max_entries: int, ttl_seconds: int) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._entries: "OrderedDict[str, _Entry]" = OrderedDict()
        self._lock = threading.Lock()
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Optional[str]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires_at < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.value

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._entries[key] = _Entry(value, time.monotonic() + self.ttl_seconds)
            self._entries.move_to_end(key)
            if len(self._entries) > self.max_entries:
                self._trim()

    def _trim(self) -> None:
        """Drop expired entries, then the least recently used ones, down to 90 % of capacity."""
        with self._lock:
            now = time.monotonic()
            for key in [k for k, e in self._entries.items() if e.expires_at < now]:
                del self._entries[key]
                self.evictions += 1
            target = int(self.max_entries * 0.9)
            while len(self._entries) > target:
                self._entries.popitem(last=False)
                self.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
