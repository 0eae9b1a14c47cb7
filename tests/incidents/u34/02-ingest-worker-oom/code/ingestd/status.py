import json
import os
import tempfile
import threading
from datetime import datetime, timezone


class StatusFile:
    """Small JSON status file the monitoring cron and the dashboard read."""

    def __init__(self, path: str, worker: str):
        self.path = path
        self._lock = threading.Lock()
        self._state = {
            "worker": worker,
            "pid": os.getpid(),
            "state": "starting",
            "current_job": None,
            "jobs_done": 0,
            "started_at": _now(),
            "last_update": _now(),
        }

    def update(self, **fields) -> None:
        with self._lock:
            self._state.update(fields)
            self._state["last_update"] = _now()
            directory = os.path.dirname(self.path) or "."
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=".status.")
            with os.fdopen(fd, "w") as fh:
                json.dump(self._state, fh, indent=2)
            os.replace(tmp, self.path)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
