import os

from fastapi import FastAPI
from redis import Redis
from rq import Queue

app = FastAPI()
redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://redis.ingest.svc.cluster.local:6379/0"))
queue = Queue("ingest", connection=redis)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/feeds/{feed_id}/ingest")
def ingest(feed_id: str):
    job = queue.enqueue("feedloader.jobs.ingest_feed", feed_id, job_timeout=1800)
    return {"job_id": job.id}
