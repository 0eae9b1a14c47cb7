import logging
import queue
import subprocess
import threading
import time

from . import status

log = logging.getLogger("transcoder.worker")

PROFILES = {
    "720p": ["-vf", "scale=-2:720", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"],
    "1080p": ["-vf", "scale=-2:1080", "-c:v", "libx264", "-preset", "veryfast", "-crf", "21"],
}


class Worker(threading.Thread):
    def __init__(self):
        super().__init__(name="worker", daemon=True)
        self.inbox: queue.Queue = queue.Queue(maxsize=100)
        self.done = 0

    def run(self) -> None:
        while True:
            status.write("processing", done=self.done)
            job = self.inbox.get()
            started = time.monotonic()
            src, dst = job["src"], job["dst"]
            cmd = ["ffmpeg", "-y", "-i", src, *PROFILES[job["profile"]], "-c:a", "aac", dst]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                log.error("ffmpeg failed for %s: %s", job["asset_id"], proc.stderr[-500:])
            else:
                self.done += 1
                log.info("transcoded %s in %.1fs", job["asset_id"], time.monotonic() - started)
            self.inbox.task_done()
