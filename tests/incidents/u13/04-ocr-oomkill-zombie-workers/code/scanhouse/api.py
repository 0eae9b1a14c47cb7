from fastapi import FastAPI
from pydantic import BaseModel
from redis import Redis
from rq import Queue

from scanhouse import config

app = FastAPI(title="scanhouse-intake")
_q = Queue(config.OCR_QUEUE, connection=Redis.from_url(config.REDIS_URL))


class Upload(BaseModel):
    doc_id: str
    object_name: str


@app.post("/documents", status_code=202)
def submit(u: Upload) -> dict:
    job = _q.enqueue(
        "scanhouse.jobs.extract_document",
        u.doc_id,
        u.object_name,
        job_id=f"ocr-{u.doc_id}",
        job_timeout=config.OCR_JOB_TIMEOUT,
        result_ttl=3600,
        failure_ttl=7 * 86400,
    )
    return {"job_id": job.id}


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}
