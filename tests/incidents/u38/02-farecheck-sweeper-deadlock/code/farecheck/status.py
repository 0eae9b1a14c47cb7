from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from datetime import datetime, timezone


class Outcomes:
    """Counters shared by callback threads and the loop."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def record(self, decision) -> None:
        with self._lock:
            self.counts[decision.action] = self.counts.get(decision.action, 0) + 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counts)


async def heartbeat(path: str, every_s: float, outcomes: Outcomes, held_count) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    started = time.time()
    while True:
        body = {
            "service": "farecheck",
            "pid": os.getpid(),
            "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "uptime_s": int(time.time() - started),
            "outcomes": outcomes.snapshot(),
            "held": held_count(),
        }
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(body, fh)
        os.replace(tmp, path)
        await asyncio.sleep(every_s)
