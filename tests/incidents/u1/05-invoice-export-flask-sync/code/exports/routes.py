import datetime as dt
import logging
import time

from flask import Blueprint, abort, current_app, jsonify, request
from google.cloud import storage

from . import db, render

bp = Blueprint("exports", __name__)
log = logging.getLogger("exports")


def _quarter_bounds(year: int, quarter: int):
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, end


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.get("/accounts/<int:account_id>/exports")
def list_exports(account_id: int):
    bucket = storage.Client().bucket(current_app.config["EXPORT_BUCKET"])
    names = [b.name for b in bucket.list_blobs(prefix=f"{account_id}/", max_results=50)]
    return jsonify(exports=names)


@bp.post("/accounts/<int:account_id>/exports/quarterly")
def quarterly_export(account_id: int):
    body = request.get_json(silent=True) or {}
    try:
        year, quarter = int(body["year"]), int(body["quarter"])
    except (KeyError, ValueError):
        abort(400, "year and quarter are required")
    start, end = _quarter_bounds(year, quarter)

    t0 = time.monotonic()
    buf, writer = render.new_buffer()
    count = 0
    with db.connection() as conn:
        for rows in db.invoice_pages(conn, account_id, start, end, current_app.config["EXPORT_PAGE_SIZE"]):
            count += render.write_rows(writer, rows)

    name = f"{account_id}/invoices-{year}-Q{quarter}.csv"
    blob = storage.Client().bucket(current_app.config["EXPORT_BUCKET"]).blob(name)
    blob.upload_from_string(buf.getvalue(), content_type="text/csv")
    url = blob.generate_signed_url(expiration=dt.timedelta(hours=24), version="v4")
    log.info("export %s rows=%d seconds=%.1f", name, count, time.monotonic() - t0)
    return jsonify(name=name, rows=count, url=url), 201
