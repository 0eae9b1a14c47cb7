import json
import logging
import os
import signal
import sys
import time

import redis

from .heartbeat import Heartbeat
from .ocr import ocr_document

logging.basicConfig(
    stream=sys.stdout,
    level=os.environ.get("LOG_LEVEL", "INFO"),
    format="%(asctime)s [%(process)d] %(levelname)-7s %(name)s - %(message)s",
)
log = logging.getLogger("scanbox.worker")

QUEUE = os.environ.get("SCANBOX_QUEUE", "scanbox:ocr")
RESULTS = os.environ.get("SCANBOX_RESULTS", "scanbox:results")
DPI = int(os.environ.get("SCANBOX_DPI", "400"))
running = True


def _stop(signum, frame):
    global running
    log.info("signal %d received, finishing current document", signum)
    running = False


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))
    hb = Heartbeat(os.environ.get("SCANBOX_HEARTBEAT", "/state/heartbeat"))
    hb.beat()
    hb.start()
    log.info("worker up, queue=%s dpi=%d", QUEUE, DPI)
    while running:
        item = r.brpop(QUEUE, timeout=5)
        if item is None:
            continue
        job = json.loads(item[1])
        t0 = time.monotonic()
        try:
            texts = ocr_document(job["bucket"], job["key"], DPI)
        except Exception:
            log.exception("ocr failed for %s", job.get("key"))
            r.lpush(f"{QUEUE}:failed", item[1])
            continue
        r.hset(RESULTS, job["key"], json.dumps({"pages": texts}))
        log.info("done %s pages=%d in %.1fs", job["key"], len(texts), time.monotonic() - t0)
    hb.stop()
    log.info("worker stopped")


if __name__ == "__main__":
    main()
