import json
import logging
import os
import socket
import threading
from datetime import datetime, timezone

log = logging.getLogger(__name__)


class Heartbeat:
    """Writes a small status file every `interval` seconds so the monitoring
    cron on the box can tell the worker is alive."""

    def __init__(self, path: str, worker_name: str, interval: int = 30) -> None:
        self.path = path
        self.worker_name = worker_name
        self.interval = interval
        self.state = "starting"
        self.current_job = None
        self.jobs_done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.write()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.state = "stopped"
        self.write()

    def write(self) -> None:
        payload = {
            "worker": self.worker_name,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "state": self.state,
            "current_job": self.current_job,
            "jobs_done": self.jobs_done,
            "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        tmp = self.path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(payload, fh)
        os.replace(tmp, self.path)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.write()
            except OSError:
                log.exception("could not write heartbeat file %s", self.path)
