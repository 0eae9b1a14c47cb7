import json
import logging
import signal
import sys
import threading
import time

import redis

from . import config
from .loader import load_drop, normalise
from .status import StatusFile

log = logging.getLogger("ingestd")
_stop = threading.Event()


def _heartbeat(status: StatusFile) -> None:
    while not _stop.wait(config.HEARTBEAT_SECONDS):
        status.update()


def process(r: redis.Redis, job: dict) -> int:
    rows = normalise(load_drop(config.DROP_DIR, job["file"]))
    pipe = r.pipeline()
    for row in rows:
        pipe.rpush(f"ingest:rows:{row['account']}", json.dumps(row))
    pipe.execute()
    return len(rows)


def main() -> int:
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, lambda *_: _stop.set())
    r = redis.Redis.from_url(config.REDIS_URL)
    status = StatusFile(config.STATUS_FILE, config.WORKER_NAME)
    status.update(state="idle")
    threading.Thread(target=_heartbeat, args=(status,), daemon=True).start()
    log.info("ingestd worker %s listening on %s", config.WORKER_NAME, config.QUEUE)
    jobs_done = 0
    while not _stop.is_set():
        item = r.blpop(config.QUEUE, timeout=5)
        if item is None:
            continue
        job = json.loads(item[1])
        log.info("job %s: %s", job["id"], job["file"])
        status.update(state="busy", current_job=job["id"])
        started = time.monotonic()
        try:
            n = process(r, job)
        except Exception:
            log.exception("job %s failed", job["id"])
            r.rpush("ingest:failed", item[1])
        else:
            jobs_done += 1
            r.rpush(config.DONE_QUEUE, json.dumps({"id": job["id"], "rows": n}))
            log.info("job %s done: %d rows in %.1fs", job["id"], n, time.monotonic() - started)
        status.update(state="idle", current_job=None, jobs_done=jobs_done)
    log.info("ingestd stopping")
    status.update(state="stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
