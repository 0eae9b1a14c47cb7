import asyncio
import json
import os
import tempfile
from datetime import datetime, timezone


class Stats:
    def __init__(self) -> None:
        self.processed = 0
        self.failed = 0
        self.current_job: str | None = None
        self.started_at = datetime.now(timezone.utc)


def _write_atomic(path: str, data: dict) -> None:
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".hb-")
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


async def heartbeat(path: str, interval: float, worker: str, stats: Stats) -> None:
    pid = os.getpid()
    while True:
        _write_atomic(
            path,
            {
                "worker": worker,
                "pid": pid,
                "status": "busy" if stats.current_job else "idle",
                "current_job": stats.current_job,
                "processed": stats.processed,
                "failed": stats.failed,
                "started_at": stats.started_at.isoformat(timespec="seconds"),
                "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
        )
        await asyncio.sleep(interval)
