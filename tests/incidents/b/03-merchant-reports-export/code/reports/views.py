import csv
import io
import logging
from datetime import date, timedelta

from flask import Blueprint, Response, current_app, jsonify, request

from .db import get_conn
from .queries import LINE_ITEMS, ORDERS_PAGE

bp = Blueprint("reports", __name__)
log = logging.getLogger("reports.export")


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/api/merchants/<int:merchant>/summary")
def summary(merchant: int):
    cur = get_conn().execute(
        "SELECT count(*), coalesce(sum(total_cents),0) FROM orders WHERE merchant_id=%s AND placed_at >= now() - interval '30 days'",
        (merchant,),
    )
    n, total = cur.fetchone()
    return jsonify(merchant=merchant, orders=n, total_cents=total)


@bp.get("/export")
def export_orders():
    merchant = int(request.args["merchant"])
    days = int(request.args.get("days", "365"))
    since = date.today() - timedelta(days=days)
    page = current_app.config["EXPORT_PAGE_SIZE"]
    conn = get_conn()

    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["order_id", "placed_at", "customer_email", "sku", "qty", "unit_price", "order_total", "currency", "status"])
    after, rows = 0, 0
    while True:
        orders = conn.execute(ORDERS_PAGE, {"merchant": merchant, "since": since, "after": after, "limit": page}).fetchall()
        if not orders:
            break
        for oid, placed, _cust, email, total, cur, status in orders:
            for sku, qty, unit in conn.execute(LINE_ITEMS, {"order_id": oid}).fetchall():
                out.writerow([oid, placed.isoformat(), email, sku, qty, f"{unit/100:.2f}", f"{total/100:.2f}", cur, status])
                rows += 1
        after = orders[-1][0]
    log.info("export merchant=%s days=%s rows=%s", merchant, days, rows)
    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=orders-{merchant}-{since}.csv"},
    )
