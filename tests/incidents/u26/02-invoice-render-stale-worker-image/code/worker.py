import logging
import os

from redis import Redis
from rq import Queue, Worker

from app import create_app

QUEUES = os.environ.get("RQ_QUEUES", "billing,default").split(",")


def main():
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    conn = Redis.from_url(app.config["REDIS_URL"])
    with app.app_context():
        worker = Worker([Queue(name, connection=conn) for name in QUEUES], connection=conn)
        worker.work(with_scheduler=True)


if __name__ == "__main__":
    main()
