import os

import psycopg
from psycopg.rows import dict_row

DSN = os.environ.get("DATABASE_URL", "postgresql://invoicer@db:5432/invoicer")


def fetch_invoice(invoice_id: int) -> dict:
    with psycopg.connect(DSN, row_factory=dict_row) as conn:
        inv = conn.execute("SELECT * FROM invoices WHERE id = %s", (invoice_id,)).fetchone()
        inv["lines"] = conn.execute("SELECT * FROM invoice_lines WHERE invoice_id = %s ORDER BY pos", (invoice_id,)).fetchall()
        return inv


def mark_sent(invoice_id: int) -> None:
    with psycopg.connect(DSN) as conn:
        conn.execute("UPDATE invoices SET reminder_sent_at = now() WHERE id = %s", (invoice_id,))
