import logging
import socket

from redis import Redis
from rq import Queue, SimpleWorker

from . import health, settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    health.start(settings.HEALTH_PORT)

    conn = Redis.from_url(settings.REDIS_URL)
    queues = [Queue(name, connection=conn) for name in settings.QUEUES]
    worker = SimpleWorker(queues, connection=conn, name=f"statements-{socket.gethostname()}")
    worker.work(with_scheduler=False, logging_level="INFO")


if __name__ == "__main__":
    main()
