import logging
import uuid

from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel, Field

from . import logfmt, store
from .render import render_report

logfmt.setup()
log = logging.getLogger("api")
app = FastAPI(title="statements-api")


class ReportRequest(BaseModel):
    account_id: str
    month: str = Field(pattern=r"^\d{4}-\d{2}$")


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/v1/statements", status_code=202)
def request_statement(body: ReportRequest, tasks: BackgroundTasks):
    report_id = "st_" + uuid.uuid4().hex[:16]
    store.create(report_id, body.account_id, body.month)
    tasks.add_task(render_report, report_id, body.account_id, body.month)
    log.info("statement queued", extra={"kv": {"report_id": report_id, "account_id": body.account_id}})
    return {"id": report_id, "status": "pending"}


@app.get("/v1/statements/{report_id}")
def statement_status(report_id: str):
    doc = store.get(report_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="unknown statement")
    return {"id": report_id, "status": doc["status"], "pages_done": doc.get("pages_done", 0)}
