"""Draft worker: turns queued ideas into drafts, forever.

The main loop is asyncio. A watchdog observer reloads the queue as soon as the
retry manager rewrites it, and a small reporter thread logs the backlog once a
minute. The status file is what the health monitor reads to decide whether the
worker is alive.
"""

import asyncio
import json
import logging
import os
import threading
import time
from datetime import UTC, datetime

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from pipeline.drafting import write_draft
from pipeline.queue_file import QueueFile

DATA_DIR = os.environ.get("DATA_DIR", "data")
QUEUE_PATH = os.path.join(DATA_DIR, "ideas_queue.json")
STATUS_PATH = os.path.join(DATA_DIR, "draft_worker_status.json")
OUTPUT_DIR = os.path.join(DATA_DIR, "drafts")
POLL_S = 5
BACKLOG_EVERY_S = 60

logging.Formatter.converter = time.gmtime
logging.basicConfig(
    filename=os.path.join("logs", "draft_worker.log"),
    level=logging.INFO,
    format="%(asctime)s [%(process)d] %(levelname)s %(threadName)s %(name)s: %(message)s",
)
logger = logging.getLogger("draft_worker")


def write_status(state, current=None, waiting=0):
    status = {
        "worker": "draft-worker",
        "pid": os.getpid(),
        "state": state,
        "current_idea": current,
        "ideas_in_queue": waiting,
        "last_update": datetime.now(UTC).isoformat(),
    }
    tmp = STATUS_PATH + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fp:
        json.dump(status, fp, indent=2)
    os.replace(tmp, STATUS_PATH)


class QueueChangedHandler(FileSystemEventHandler):
    """Reloads the queue when the retry manager replaces the file."""

    def __init__(self, queue, loop):
        self.queue = queue
        self.loop = loop

    async def reload(self, path):
        count = self.queue.load()
        logger.info("queue reloaded from %s: %d ideas", path, count)

    def on_modified(self, event):
        # The retry manager replaces the file atomically: that arrives as a move.
        path = getattr(event, "dest_path", "") or event.src_path
        if event.is_directory or not path.endswith("ideas_queue.json"):
            return
        logger.info("queue file changed: %s", path)
        # Hold the queue lock so the loop does not pop from a half-loaded list.
        with self.queue.lock:
            future = asyncio.run_coroutine_threadsafe(self.reload(path), self.loop)
            future.result()

    on_moved = on_modified


def report_backlog(queue, stop):
    while not stop.wait(BACKLOG_EVERY_S):
        logger.info("backlog: %d ideas waiting", len(queue))


async def process(idea):
    started = time.monotonic()
    draft = await write_draft(idea)
    path = os.path.join(OUTPUT_DIR, f"{idea['id']}.md")
    await asyncio.to_thread(_save_draft, path, draft)
    logger.info("drafted %s in %.1fs", idea["id"], time.monotonic() - started)


def _save_draft(path, text):
    with open(path, "w", encoding="utf-8") as fp:
        fp.write(text)


async def run_worker():
    loop = asyncio.get_running_loop()
    queue = QueueFile(QUEUE_PATH)
    queue.load()
    os.makedirs(OUTPUT_DIR, exist_ok=True)

    observer = Observer()
    observer.schedule(QueueChangedHandler(queue, loop), DATA_DIR, recursive=False)
    observer.start()
    stop = threading.Event()
    threading.Thread(
        target=report_backlog, args=(queue, stop), name="backlog-reporter", daemon=True
    ).start()
    logger.info("draft worker started: queue=%s, %d ideas waiting", QUEUE_PATH, len(queue))
    try:
        while True:
            idea = queue.take_next()
            if idea is None:
                await asyncio.to_thread(write_status, "idle")
                await asyncio.sleep(POLL_S)
                continue
            await asyncio.to_thread(write_status, "processing", idea["id"], len(queue))
            try:
                await process(idea)
            except Exception:
                logger.exception("drafting %s failed", idea["id"])
    finally:
        stop.set()
        observer.stop()
        observer.join()


if __name__ == "__main__":
    asyncio.run(run_worker())
