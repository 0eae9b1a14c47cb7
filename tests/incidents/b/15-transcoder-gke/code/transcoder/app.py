import logging
import os
import queue

import redis
from fastapi import FastAPI

from .fetcher import Fetcher
from .worker import Worker

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")

app = FastAPI()
worker = Worker()


@app.on_event("startup")
def start_threads() -> None:
    r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))
    fetcher = Fetcher(r, os.environ.get("JOBS_KEY", "transcode:jobs"), out=queue.Queue(maxsize=100))
    worker.start()
    fetcher.start()


@app.get("/healthz")
def healthz():
    return {"ok": True, "worker_alive": worker.is_alive()}


@app.get("/stats")
def stats():
    return {"done": worker.done, "inbox": worker.inbox.qsize()}
