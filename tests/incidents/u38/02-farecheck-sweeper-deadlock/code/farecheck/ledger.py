from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class Held:
    dispute: dict
    attempts: int = 1
    since: float = field(default_factory=time.time)


class HoldLedger:
    """Disputes whose verdict was not confident enough; re-examined by the sweeper."""

    def __init__(self):
        self._lock = threading.Lock()
        self._held: dict[str, Held] = {}

    def hold(self, dispute: dict) -> None:
        with self._lock:
            key = dispute["dispute_id"]
            if key in self._held:
                self._held[key].attempts += 1
            else:
                self._held[key] = Held(dispute)

    def release(self, dispute_id: str) -> None:
        with self._lock:
            self._held.pop(dispute_id, None)

    def due(self) -> list[Held]:
        with self._lock:
            return list(self._held.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._held)
