import json
import os
import socket
import threading
import time


class StatusFile:
    """Writes a small JSON status file every `period_s` seconds (atomic rename)."""

    def __init__(self, path: str, period_s: float):
        self.path, self.period_s = path, period_s
        self.processed = 0
        self.failed = 0
        self.current = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def update(self, *, processed: int = 0, failed: int = 0, current=None) -> None:
        with self._lock:
            self.processed += processed
            self.failed += failed
            self.current = current

    def write(self) -> None:
        with self._lock:
            doc = {"ts": round(time.time(), 3), "period_s": self.period_s, "pid": os.getpid(),
                   "host": socket.gethostname(), "processed": self.processed,
                   "failed": self.failed, "current": self.current}
        tmp = f"{self.path}.tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f)
        os.replace(tmp, self.path)

    def _run(self) -> None:
        while not self._stop.wait(self.period_s):
            self.write()

    def start(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.write()
        threading.Thread(target=self._run, name="status-file", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.write()
