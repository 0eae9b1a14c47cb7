"""Functions executed by the nightly drain (enqueued during the day by the web app)."""
import csv
import io
import logging

import psycopg
from google.cloud import storage

from . import settings

log = logging.getLogger(__name__)


def _warehouse():
    return psycopg.connect(settings.WAREHOUSE_DSN, connect_timeout=10)


def export_customer_csv(tenant_id: str, report: str, since: str) -> str:
    with _warehouse() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT * FROM reporting.customer_activity WHERE tenant_id = %s AND day >= %s",
            (tenant_id, since),
        )
        cols = [c.name for c in cur.description]
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        rows = 0
        for row in cur:
            writer.writerow(row)
            rows += 1
    name = f"{tenant_id}/{report}-{since}.csv"
    storage.Client().bucket(settings.EXPORT_BUCKET).blob(name).upload_from_string(
        buf.getvalue(), content_type="text/csv"
    )
    log.info("export %s: %d rows -> gs://%s/%s", report, rows, settings.EXPORT_BUCKET, name)
    return name


def rollup_daily_usage(tenant_id: str, day: str) -> int:
    with _warehouse() as conn, conn.cursor() as cur:
        cur.execute("CALL reporting.rollup_usage(%s, %s)", (tenant_id, day))
        cur.execute(
            "SELECT count(*) FROM reporting.usage_daily WHERE tenant_id = %s AND day = %s",
            (tenant_id, day),
        )
        (n,) = cur.fetchone()
    return n


def purge_expired_links(days: int = 30) -> int:
    with _warehouse() as conn, conn.cursor() as cur:
        cur.execute(
            "DELETE FROM app.share_links WHERE created_at < now() - make_interval(days => %s)",
            (days,),
        )
        return cur.rowcount
