import logging
import signal
import sys

from redis import Redis
from rq import Queue, SimpleWorker

from . import settings
from .heartbeat import Heartbeat

log = logging.getLogger("ingest.worker")


class HeartbeatWorker(SimpleWorker):
    heartbeat_file: Heartbeat

    def execute_job(self, job, queue):
        self.heartbeat_file.state = "busy"
        self.heartbeat_file.current_job = job.id
        try:
            return super().execute_job(job, queue)
        finally:
            self.heartbeat_file.state = "idle"
            self.heartbeat_file.current_job = None
            self.heartbeat_file.jobs_done += 1


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redis = Redis.from_url(settings.REDIS_URL)
    queues = [Queue(name, connection=redis) for name in settings.QUEUES]

    hb = Heartbeat(settings.HEARTBEAT_PATH, settings.WORKER_NAME, settings.HEARTBEAT_INTERVAL)
    hb.start()

    worker = HeartbeatWorker(queues, connection=redis, name=settings.WORKER_NAME)
    worker.heartbeat_file = hb

    def _term(signum, frame):
        hb.stop()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _term)
    log.info("ingest worker %s starting on queues %s", settings.WORKER_NAME, ",".join(settings.QUEUES))
    try:
        worker.work(with_scheduler=False)
    finally:
        hb.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
