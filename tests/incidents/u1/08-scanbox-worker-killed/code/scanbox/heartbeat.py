import datetime as dt
import os
import threading


class Heartbeat(threading.Thread):
    """Writes an ISO timestamp to a file so the compose healthcheck / monitoring can see us."""

    def __init__(self, path: str, every: float = 15.0) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.path, self.every = path, every
        self._stop = threading.Event()

    def beat(self) -> None:
        tmp = f"{self.path}.tmp"
        with open(tmp, "w") as f:
            f.write(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds") + "\n")
        os.replace(tmp, self.path)

    def run(self) -> None:
        while not self._stop.wait(self.every):
            self.beat()

    def stop(self) -> None:
        self._stop.set()
