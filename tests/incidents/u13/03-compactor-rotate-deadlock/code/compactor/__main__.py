import logging
import queue
import signal
import sys
import threading
import time

from compactor import __version__, heartbeat, settings
from compactor.segments import SegmentWriter
from compactor.spool import Fetcher

log = logging.getLogger("compactor")


def main() -> int:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(levelname)s %(threadName)s %(name)s: %(message)s",
    )
    cfg = settings.load()
    stop = threading.Event()
    batches: "queue.Queue[list[bytes]]" = queue.Queue(maxsize=cfg.queue_batches)
    writer = SegmentWriter(cfg.out_dir, cfg.segment_max_bytes)

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGHUP, lambda *_: writer.rotate())

    fetchers = [Fetcher(i, cfg.spool_dir, batches, stop) for i in range(cfg.fetchers)]
    for f in fetchers:
        f.start()
    log.info("compactor %s started: %d fetchers, segments in %s", __version__, len(fetchers), cfg.out_dir)

    processed = 0
    last_beat = 0.0
    last_report = time.monotonic()
    while not stop.is_set():
        try:
            lines = batches.get(timeout=1.0)
        except queue.Empty:
            lines = []
        if lines:
            processed += writer.append(lines)
        now = time.monotonic()
        if now - last_beat >= cfg.heartbeat_every:
            heartbeat.write(cfg.heartbeat_path, processed)
            last_beat = now
        if now - last_report >= 300:
            log.info("processed %d readings, queue depth %d", processed, batches.qsize())
            last_report = now

    log.info("stopping: flushing final segment")
    writer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
