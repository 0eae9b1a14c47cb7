import logging
import uuid
from pathlib import Path

from fastapi import FastAPI, HTTPException, UploadFile
from redis import Redis
from rq import Queue

from . import config

log = logging.getLogger("pixelforge.api")
app = FastAPI(title="pixelforge")
redis = Redis.from_url(config.REDIS_URL)
images = Queue("images", connection=redis)


@app.get("/healthz")
def healthz():
    redis.ping()
    return {"status": "ok"}


@app.post("/v2/uploads", status_code=202)
async def upload(file: UploadFile):
    if file.content_type not in {"image/jpeg", "image/png", "image/webp"}:
        raise HTTPException(415, "unsupported image type")
    upload_id = uuid.uuid4().hex
    dest = Path(config.MEDIA_ROOT) / "originals" / f"{upload_id}{Path(file.filename or '').suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(await file.read())
    job = images.enqueue("jobs.v2.resize", str(dest), upload_id,
                         job_id=f"resize-{upload_id}", result_ttl=3600)
    log.info("upload %s stored, job %s enqueued", upload_id, job.id)
    return {"upload_id": upload_id, "job_id": job.id}


@app.post("/uploads", status_code=202)
async def upload_legacy(file: UploadFile):
    """Kept for mobile clients < 5.4; single 320px thumbnail."""
    upload_id = uuid.uuid4().hex
    dest = Path(config.MEDIA_ROOT) / "originals" / f"{upload_id}.jpg"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(await file.read())
    job = images.enqueue("jobs.thumbnails.make_thumbnail", str(dest), 320)
    return {"upload_id": upload_id, "job_id": job.id}


@app.get("/v2/uploads/{upload_id}")
def upload_status(upload_id: str):
    job = images.fetch_job(f"resize-{upload_id}")
    if job is None:
        raise HTTPException(404, "unknown upload")
    return {"upload_id": upload_id, "status": job.get_status()}
