from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path


class Heartbeat:
    """Writes a small status file that the compose healthcheck and the on-call dashboard read."""

    def __init__(self, path: str, consumer: str):
        self.path = Path(path)
        self.consumer = consumer
        self.processed = 0
        self.failed = 0
        self.in_flight = 0

    def _write(self, doc: dict) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc))
        os.replace(tmp, self.path)

    async def beat(self, queue_depth: int | None) -> None:
        doc = {
            "consumer": self.consumer,
            "pid": os.getpid(),
            "updated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "processed": self.processed,
            "failed": self.failed,
            "in_flight": self.in_flight,
            "queue_depth": queue_depth,
        }
        await asyncio.to_thread(self._write, doc)
