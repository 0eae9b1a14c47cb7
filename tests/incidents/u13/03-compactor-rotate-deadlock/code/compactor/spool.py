"""Fetcher threads: claim files from the spool directory and push their readings on a queue."""

import logging
import os
import queue
import threading

log = logging.getLogger("compactor.spool")


class Fetcher(threading.Thread):
    def __init__(self, idx: int, spool_dir: str, out: "queue.Queue[list[bytes]]", stop: threading.Event) -> None:
        super().__init__(name=f"fetcher-{idx}", daemon=True)
        self.idx = idx
        self.spool_dir = spool_dir
        self.out = out
        self.stop = stop

    def _claim(self) -> str | None:
        try:
            names = sorted(os.listdir(self.spool_dir))
        except FileNotFoundError:
            return None
        for n in names:
            if not n.endswith(".ndjson") or hash(n) % 4 != self.idx % 4:
                continue
            src = os.path.join(self.spool_dir, n)
            dst = src + f".claimed-{self.idx}"
            try:
                os.rename(src, dst)
                return dst
            except FileNotFoundError:
                continue
        return None

    def run(self) -> None:
        while not self.stop.is_set():
            path = self._claim()
            if path is None:
                self.stop.wait(1.0)
                continue
            with open(path, "rb") as f:
                lines = f.readlines()
            while not self.stop.is_set():
                try:
                    self.out.put(lines, timeout=30)
                    break
                except queue.Full:
                    log.warning("%s: ingest queue full (%d batches), holding %s", self.name, self.out.maxsize, os.path.basename(path))
            os.unlink(path)
