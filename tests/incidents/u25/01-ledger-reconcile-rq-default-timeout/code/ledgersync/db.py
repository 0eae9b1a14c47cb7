import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg

from . import settings


@dataclass(frozen=True)
class Entry:
    id: int
    account_id: int
    amount_cents: int
    booked_on: date
    reference: str


@dataclass(frozen=True)
class Settlement:
    id: int
    account_id: int
    amount_cents: int
    settled_on: date
    reference: str


@contextlib.contextmanager
def connect():
    with psycopg.connect(settings.DATABASE_URL, autocommit=False) as conn:
        yield conn


def fetch_ledger_entries(conn, day, partition, partitions):
    rows = conn.execute(
        """
        SELECT id, account_id, amount_cents, booked_on, reference
          FROM ledger_entries
         WHERE booked_on = %s AND account_id %% %s = %s AND reconciled_at IS NULL
        """,
        (day, partitions, partition),
    )
    return [Entry(*r) for r in rows]


def fetch_settlements(conn, day, partition, partitions):
    window = settings.SETTLEMENT_WINDOW_DAYS
    rows = conn.execute(
        """
        SELECT id, account_id, amount_cents, settled_on, reference
          FROM settlements
         WHERE settled_on BETWEEN %s AND %s AND account_id %% %s = %s
        """,
        (day - timedelta(days=window), day + timedelta(days=window), partitions, partition),
    )
    return [Settlement(*r) for r in rows]


def write_reconciliation(conn, day, partition, result):
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE ledger_entries SET reconciled_at = now(), settlement_id = %s WHERE id = %s",
            [(s.id, e.id) for e, s in result.matched],
        )
        cur.execute(
            """
            INSERT INTO reconciliation_runs (business_day, partition, matched, unmatched)
            VALUES (%s, %s, %s, %s)
            ON CONFLICT (business_day, partition)
            DO UPDATE SET matched = EXCLUDED.matched, unmatched = EXCLUDED.unmatched, ran_at = now()
            """,
            (day, partition, len(result.matched), len(result.unmatched)),
        )
    conn.commit()
