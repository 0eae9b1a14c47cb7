import shutil
import uuid
from pathlib import Path

from fastapi import FastAPI, File, HTTPException, UploadFile
from rq.exceptions import NoSuchJobError
from rq.job import Job

from . import __version__, config
from .queue import redis_conn, scan_queue
from .tasks import process_scan

app = FastAPI(title="scanpipe", version=__version__)

ALLOWED = {".pdf", ".tif", ".tiff"}


@app.get("/healthz")
def healthz():
    redis_conn().ping()
    return {"ok": True}


@app.post("/scans", status_code=202)
def upload_scan(file: UploadFile = File(...)):
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in ALLOWED:
        raise HTTPException(415, f"unsupported file type {suffix!r}")

    scan_id = uuid.uuid4().hex
    dest = config.SCAN_ROOT / f"{scan_id}{suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as fh:
        shutil.copyfileobj(file.file, fh, length=1024 * 1024)

    job = scan_queue().enqueue(
        process_scan,
        scan_id,
        str(dest),
        job_id=scan_id,
        result_ttl=7 * 24 * 3600,
        description=f"scan {file.filename}",
    )
    return {"scan_id": scan_id, "status": job.get_status()}


@app.get("/scans/{scan_id}")
def scan_status(scan_id: str):
    try:
        job = Job.fetch(scan_id, connection=redis_conn())
    except NoSuchJobError:
        raise HTTPException(404, "unknown scan")
    body = {"scan_id": scan_id, "status": job.get_status()}
    if job.is_finished:
        body["result"] = job.return_value()
    elif job.is_failed:
        body["error"] = "processing failed, the order desk has been notified"
    return body
