import psycopg2
import psycopg2.pool

from . import settings

_pool: psycopg2.pool.SimpleConnectionPool | None = None


def pool() -> psycopg2.pool.SimpleConnectionPool:
    global _pool
    if _pool is None:
        _pool = psycopg2.pool.SimpleConnectionPool(1, 4, settings.DATABASE_URL)
    return _pool


INSERT_EVENT = """
    INSERT INTO shipment_events
        (shipment_id, carrier, carrier_ref, status, occurred_at, raw)
    VALUES (%(shipment_id)s, %(carrier)s, %(carrier_ref)s, %(status)s, %(occurred_at)s, %(raw)s)
    ON CONFLICT (carrier, carrier_ref, occurred_at) DO NOTHING
"""


def insert_event(event: dict) -> None:
    conn = pool().getconn()
    try:
        with conn, conn.cursor() as cur:
            cur.execute(INSERT_EVENT, event)
    finally:
        pool().putconn(conn)
