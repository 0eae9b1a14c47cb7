from contextlib import contextmanager

import psycopg
from flask import current_app


@contextmanager
def connection():
    with psycopg.connect(current_app.config["DATABASE_URL"], connect_timeout=5) as conn:
        yield conn


def invoice_pages(conn, account_id: int, start, end, page_size: int):
    last_id = 0
    while True:
        rows = conn.execute(
            """
            SELECT i.id, i.number, i.issued_on, c.name, i.net_cents, i.tax_cents, i.currency
              FROM invoices i JOIN customers c ON c.id = i.customer_id
             WHERE i.account_id = %s AND i.issued_on >= %s AND i.issued_on < %s AND i.id > %s
             ORDER BY i.id
             LIMIT %s
            """,
            (account_id, start, end, last_id, page_size),
        ).fetchall()
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]
