"""HTTP front of report-builder: accepts report requests from the web app."""

from __future__ import annotations

import logging
import uuid

from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel, Field

from . import __version__, logsetup, store
from .jobs import build_report

logsetup.configure()
log = logging.getLogger("report_builder")

app = FastAPI(title="report-builder", version=__version__)


class LedgerEntry(BaseModel):
    date: str
    amount: float
    category: str | None = None
    memo: str | None = None


class ReportRequest(BaseModel):
    account_id: str
    account_name: str
    month: str = Field(pattern=r"^\d{4}-\d{2}$")
    entries: list[LedgerEntry]


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@app.post("/reports", status_code=202)
def create_report(req: ReportRequest, background: BackgroundTasks) -> dict[str, str]:
    report_id = f"r-{uuid.uuid4().hex[:12]}"
    log.info("accepted report %s for %s %s", report_id, req.account_id, req.month,
             extra={"report_id": report_id, "account_id": req.account_id})
    background.add_task(
        build_report,
        report_id,
        req.account_id,
        req.account_name,
        req.month,
        [e.model_dump() for e in req.entries],
    )
    return {"report_id": report_id, "status": "queued"}


@app.get("/reports/{report_id}")
def report_status(report_id: str) -> dict:
    status = store.read_status(report_id)
    if status is None:
        raise HTTPException(status_code=404, detail="unknown report")
    return status
