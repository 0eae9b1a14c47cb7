import json
import logging
import time

from fastapi import FastAPI, Query
from fastapi.responses import Response

from .db import fetch_orders
from .pivot import build_pivot

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("reportcraft")

app = FastAPI(title="reportcraft")


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.get("/api/orgs/{org_id}/reports/sales-pivot")
def sales_pivot(org_id: int, start: str, end: str,
                dims: str = Query("channel,region,sku,segment")):
    t0 = time.monotonic()
    rows = fetch_orders(org_id, start, end)
    t1 = time.monotonic()
    table = build_pivot(rows, dims.split(","))
    body = json.dumps({"org": org_id, "start": start, "end": end, "rows": table})
    log.info("pivot org=%s rows=%d cells=%d fetch=%.1fs total=%.1fs", org_id, len(rows),
             len(table), t1 - t0, time.monotonic() - t0)
    return Response(body, media_type="application/json")
