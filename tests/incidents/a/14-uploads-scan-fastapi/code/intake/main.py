import asyncio
import logging
import uuid

from fastapi import FastAPI, File, UploadFile
from pydantic import BaseModel

from . import db, scans
from .storage import put_object

log = logging.getLogger("intake")
app = FastAPI(title="docvault-intake")


class ScanCallback(BaseModel):
    scan_id: str
    verdict: str


async def process_upload(upload_id: str, blob_path: str) -> None:
    waiter = await scans.submit(upload_id, blob_path)
    log.info("upload %s submitted for scan %s", upload_id, waiter.scan_id)
    await waiter.event.wait()
    status = "ready" if waiter.verdict == "clean" else "quarantined"
    await db.set_status(upload_id, status, waiter.verdict)
    log.info("upload %s -> %s", upload_id, status)


@app.post("/uploads", status_code=202)
async def create_upload(file: UploadFile = File(...)):
    upload_id = "upl_" + uuid.uuid4().hex[:12]
    data = await file.read()
    blob_path = await put_object(f"incoming/{upload_id}/{file.filename}", data, file.content_type)
    await db.create_upload(upload_id, file.filename, len(data))
    asyncio.create_task(process_upload(upload_id, blob_path))
    return {"upload_id": upload_id, "status": "processing"}


@app.post("/callbacks/scan", status_code=204)
async def scan_callback(body: ScanCallback):
    if not scans.resolve(body.scan_id, body.verdict):
        log.warning("scan callback for unknown scan %s (%s)", body.scan_id, body.verdict)


@app.get("/healthz")
async def healthz():
    return {"ok": True}
