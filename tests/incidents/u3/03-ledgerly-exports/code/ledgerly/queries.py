"""Read side for exports: streams ledger lines out of Postgres in batches."""
from contextlib import contextmanager

import psycopg

from ledgerly import settings

LINES_SQL = """
SELECT l.posted_at, l.entry_no, a.code AS account, l.description,
       l.debit_cents, l.credit_cents, l.currency, l.counterparty
FROM ledger_lines l
JOIN accounts a ON a.id = l.account_id
WHERE l.org_id = %(org_id)s
  AND l.posted_at >= %(start)s AND l.posted_at < %(end)s
ORDER BY l.posted_at, l.entry_no
"""

COLUMNS = ["posted_at", "entry_no", "account", "description",
           "debit_cents", "credit_cents", "currency", "counterparty"]


@contextmanager
def connection():
    with psycopg.connect(settings.DATABASE_URL, autocommit=True) as conn:
        yield conn


def iter_ledger_lines(org_id: int, start, end, batch_size: int = settings.EXPORT_BATCH_SIZE):
    with connection() as conn, conn.cursor(name=f"export_{org_id}") as cur:
        cur.itersize = batch_size
        cur.execute(LINES_SQL, {"org_id": org_id, "start": start, "end": end})
        for row in cur:
            yield row


def count_ledger_lines(org_id: int, start, end) -> int:
    with connection() as conn:
        row = conn.execute(
            "SELECT count(*) FROM ledger_lines WHERE org_id = %s AND posted_at >= %s AND posted_at < %s",
            (org_id, start, end),
        ).fetchone()
        return row[0]
