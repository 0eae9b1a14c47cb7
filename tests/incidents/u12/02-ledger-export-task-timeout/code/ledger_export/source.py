"""Reads posted ledger lines for one business day, in id order, chunk by chunk."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date

COUNT_SQL = "SELECT count(*) FROM ledger_lines WHERE business_date = ?"
CHUNK_SQL = (
    "SELECT id, account_no, posted_at, amount_minor, currency, counterparty, memo "
    "FROM ledger_lines WHERE business_date = ? AND id > ? ORDER BY id LIMIT ?"
)


def connect(url: str):
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg  # production: Cloud SQL via the connector sidecar

    return psycopg.connect(url)


def count_rows(url: str, day: date) -> int:
    with closing(connect(url)) as conn:
        cur = conn.cursor()
        cur.execute(_q(conn, COUNT_SQL), (day.isoformat(),))
        return int(cur.fetchone()[0])


def iter_chunks(url: str, day: date, size: int) -> Iterator[list[tuple]]:
    last_id = 0
    with closing(connect(url)) as conn:
        while True:
            cur = conn.cursor()
            cur.execute(_q(conn, CHUNK_SQL), (day.isoformat(), last_id, size))
            rows = cur.fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield rows


def _q(conn, sql: str) -> str:
    return sql if isinstance(conn, sqlite3.Connection) else sql.replace("?", "%s")
