import csv
import gzip
import io
import logging

import boto3
import psycopg

from . import settings
from .queues import emails

log = logging.getLogger(__name__)

EXPORT_SQL = """
SELECT e.id, e.posted_at, e.account_code, e.memo, e.debit, e.credit, e.currency
FROM journal_entries e
WHERE e.org_id = %s AND e.posted_at >= %s AND e.posted_at < %s
ORDER BY e.posted_at, e.id
"""


def generate_export(org_id: int, start: str, end: str, requested_by: str) -> str:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz, psycopg.connect(settings.DATABASE_URL) as conn:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        w = csv.writer(text)
        w.writerow(["id", "posted_at", "account", "memo", "debit", "credit", "currency"])
        with conn.cursor(name="export") as cur:
            cur.itersize = 5000
            cur.execute(EXPORT_SQL, (org_id, start, end))
            for row in cur:
                w.writerow(row)
        text.flush()
    key = f"exports/{org_id}/{start}_{end}.csv.gz"
    boto3.client("s3").put_object(Bucket=settings.EXPORT_BUCKET, Key=key, Body=buf.getvalue())
    emails.enqueue(
        "app.emails.send_email",
        requested_by,
        "export_ready",
        {"org_id": org_id, "start": start, "end": end, "key": key},
    )
    return key


def reconcile_ledger(org_id: int, period: str) -> int:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        cur = conn.execute("SELECT reconcile_period(%s, %s)", (org_id, period))
        return cur.fetchone()[0]
