"""Retry manager: puts ideas whose drafts failed back on the queue, every minute."""

import json
import logging
import os
import tempfile
import time

DATA_DIR = os.environ.get("DATA_DIR", "data")
QUEUE_PATH = os.path.join(DATA_DIR, "ideas_queue.json")
FAILED_PATH = os.path.join(DATA_DIR, "failed_ideas.json")
INTERVAL_S = 60

logging.Formatter.converter = time.gmtime
logging.basicConfig(
    filename=os.path.join("logs", "retry_manager.log"),
    level=logging.INFO,
    format="%(asctime)s [%(process)d] %(levelname)s %(threadName)s %(name)s: %(message)s",
)
logger = logging.getLogger("retry_manager")


def _read(path):
    try:
        with open(path, encoding="utf-8") as fp:
            return json.load(fp)
    except FileNotFoundError:
        return []


def _write_atomically(path, items):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fp:
        json.dump(items, fp)
        fp.flush()
        os.fsync(fp.fileno())
    os.replace(tmp, path)


def requeue_failed():
    failed = _read(FAILED_PATH)
    if not failed:
        return 0
    queue = _read(QUEUE_PATH)
    known = {idea["id"] for idea in queue}
    fresh = [idea for idea in failed if idea["id"] not in known]
    _write_atomically(QUEUE_PATH, queue + fresh)
    _write_atomically(FAILED_PATH, [])
    return len(fresh)


def main():
    logger.info("retry manager started: queue=%s", QUEUE_PATH)
    while True:
        count = requeue_failed()
        if count:
            logger.info("requeued %d failed ideas", count)
        time.sleep(INTERVAL_S)


if __name__ == "__main__":
    main()
