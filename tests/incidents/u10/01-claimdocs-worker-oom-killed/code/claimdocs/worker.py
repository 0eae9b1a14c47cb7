"""Entry point of the claimdocs worker (systemd: claimdocs-worker.service)."""

from __future__ import annotations

import logging
import sys

from redis import Redis
from rq import Queue, SimpleWorker

from claimdocs import settings
from claimdocs.beacon import StatusBeacon


def main() -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    conn = Redis.from_url(settings.REDIS_URL)
    queue = Queue(settings.QUEUE_NAME, connection=conn)
    # SimpleWorker: jobs run in this process so the Pillow plugins and the ICC
    # profiles are loaded once, not once per job.
    worker = SimpleWorker([queue], connection=conn, name=f"{settings.HOSTNAME}.claimdocs")

    def state():
        job = worker.get_current_job()
        return worker.get_state(), job.id if job else None

    beacon = StatusBeacon(settings.STATUS_PATH, settings.STATUS_INTERVAL_S, worker.name, state)
    beacon.start()
    try:
        worker.work(with_scheduler=False)
    finally:
        beacon.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
