from datetime import date
from typing import Iterator

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from .config import settings

pool = ConnectionPool(settings.database_url, min_size=1, max_size=settings.pool_max, open=False)

TX_SQL = """
SELECT booked_at, reference, counterparty, description, currency, amount_minor, balance_minor
FROM ledger.transactions
WHERE account_id = %(account_id)s AND booked_at >= %(start)s AND booked_at < %(end)s
ORDER BY booked_at, id
"""


def account(account_id: str) -> dict | None:
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT id, legal_name, iban, currency FROM ledger.accounts WHERE id = %s", (account_id,)
        )
        return cur.fetchone()


def transactions(account_id: str, start: date, end: date) -> Iterator[dict]:
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        cur.execute(TX_SQL, {"account_id": account_id, "start": start, "end": end})
        yield from cur
