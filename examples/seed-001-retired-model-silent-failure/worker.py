import logging

from redis import Redis
from rq import Queue, Worker

from app.core.config import REDIS_URL

logging.basicConfig(level=logging.INFO)

if __name__ == "__main__":
    connection = Redis.from_url(REDIS_URL)
    Worker([Queue("ai_ingestion", connection=connection)], connection=connection).work()
