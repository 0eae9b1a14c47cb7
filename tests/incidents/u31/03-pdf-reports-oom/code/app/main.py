import logging
import time
import uuid
from datetime import date

from fastapi import FastAPI, HTTPException, Query, Request, Response

from . import db, render
from .config import settings
from .logging_setup import configure

configure(settings.log_level)
log = logging.getLogger("reports")

app = FastAPI(title="report-renderer")


@app.on_event("startup")
def _startup() -> None:
    db.pool.open(wait=False)


@app.on_event("shutdown")
def _shutdown() -> None:
    db.pool.close()


@app.get("/healthz")
def healthz():
    return {"ok": True}


def _month(period: str) -> tuple[date, date]:
    try:
        y, m = (int(p) for p in period.split("-"))
        start = date(y, m, 1)
    except ValueError:
        raise HTTPException(status_code=422, detail="period must be YYYY-MM")
    end = date(y + (m == 12), m % 12 + 1, 1)
    return start, end


@app.get("/v1/accounts/{account_id}/statements/{period}.pdf")
def statement(account_id: str, period: str, request: Request, lang: str = Query("en")):
    rid = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
    start, end = _month(period)
    acct = db.account(account_id)
    if acct is None:
        raise HTTPException(status_code=404, detail="account not found")

    t0 = time.monotonic()
    rows = list(db.transactions(account_id, start, end))
    log.info("rendering statement", extra={"account_id": account_id, "period": period,
                                           "rows": len(rows), "request_id": rid})
    pdf, pages = render.statement_pdf(acct, start, end, rows)
    ms = int((time.monotonic() - t0) * 1000)
    log.info("statement rendered", extra={"account_id": account_id, "period": period, "rows": len(rows),
                                          "pages": pages, "bytes": len(pdf), "ms": ms, "request_id": rid})
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="statement-{account_id}-{period}.pdf"'},
    )
