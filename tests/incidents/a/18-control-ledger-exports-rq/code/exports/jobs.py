import csv
import gzip
import io
import logging
import os

import boto3
import psycopg

log = logging.getLogger("exports.jobs")
DSN = os.environ.get("DATABASE_URL", "postgresql://exports@db/ledger")
BUCKET = os.environ.get("EXPORT_BUCKET", "ledger-exports")


def export_ledger(account_id: int, year: int) -> str:
    buf = io.BytesIO()
    rows = 0
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz, psycopg.connect(DSN) as conn:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(["date", "entry_id", "account", "debit", "credit", "memo"])
        with conn.cursor(name="ledger_export") as cur:
            cur.itersize = 5000
            cur.execute("SELECT posted_on, id, account_code, debit, credit, memo FROM entries "
                        "WHERE account_id = %s AND date_part('year', posted_on) = %s ORDER BY posted_on, id",
                        (account_id, year))
            for row in cur:
                writer.writerow(row)
                rows += 1
        text.flush()
    key = f"{account_id}/{year}/ledger.csv.gz"
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=buf.getvalue())
    log.info("exported %d rows to s3://%s/%s", rows, BUCKET, key)
    return key
