import csv
import io
import logging
import re

from flask import Blueprint, Response, abort, current_app, jsonify, request

from reports import queries

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)

USAGE_COLUMNS = ["account_id", "account_name", "plan", "seats", "active_users", "api_calls", "storage_gb"]
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")


def _month() -> str:
    month = request.args.get("month", "")
    if not MONTH_RE.match(month):
        abort(400, "month must be YYYY-MM")
    return month


@bp.get("/usage/summary")
def usage_summary():
    month = _month()
    return jsonify(queries.summary(current_app.config["BQ_DATASET"], month))


@bp.get("/usage/accounts")
def usage_accounts():
    month = _month()
    rows = queries.usage_by_account(current_app.config["BQ_DATASET"], month, limit=200)
    return jsonify(rows)


@bp.get("/exports/usage.csv")
def export_usage():
    month = _month()
    rows = queries.usage_by_account(
        current_app.config["BQ_DATASET"], month, current_app.config["EXPORT_MAX_ROWS"]
    )
    log.info("exporting %d usage rows for %s", len(rows), month)

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=USAGE_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)

    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="usage-{month}.csv"'},
    )
