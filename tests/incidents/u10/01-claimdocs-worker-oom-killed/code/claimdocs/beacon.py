"""Writes the status file the monitoring agent reads."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time


class StatusBeacon(threading.Thread):
    def __init__(self, path: str, interval_s: int, worker_name: str, state_fn) -> None:
        super().__init__(name="status-beacon", daemon=True)
        self.path = path
        self.interval_s = interval_s
        self.worker_name = worker_name
        self.state_fn = state_fn
        self._stop = threading.Event()

    def snapshot(self) -> dict:
        state, job_id = self.state_fn()
        return {
            "worker": self.worker_name,
            "pid": os.getpid(),
            "last_beat": int(time.time()),
            "interval_s": self.interval_s,
            "state": state,
            "current_job": job_id,
        }

    def write_once(self) -> None:
        directory = os.path.dirname(self.path) or "."
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".status-")
        with os.fdopen(fd, "w") as fh:
            json.dump(self.snapshot(), fh)
        os.replace(tmp, self.path)

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.write_once()
            except OSError:
                pass
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
