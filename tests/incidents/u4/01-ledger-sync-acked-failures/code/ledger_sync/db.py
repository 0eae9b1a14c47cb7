import contextlib
import logging

import psycopg2
import psycopg2.extras

from .config import Settings

log = logging.getLogger(__name__)

UPSERT_ENTRY = """
INSERT INTO ledger_entries (settlement_id, merchant_id, amount_minor, currency, booked_at)
VALUES (%(settlement_id)s, %(merchant_id)s, %(amount_minor)s, %(currency)s, %(booked_at)s)
ON CONFLICT (settlement_id) DO UPDATE
   SET amount_minor = EXCLUDED.amount_minor,
       booked_at    = EXCLUDED.booked_at
"""


@contextlib.contextmanager
def connection(settings: Settings):
    conn = psycopg2.connect(
        host=settings.db_host,
        dbname=settings.db_name,
        user=settings.db_user,
        password=settings.db_password,
        connect_timeout=10,
        application_name="ledger-sync",
    )
    try:
        yield conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def apply_settlement(settings: Settings, event: dict) -> None:
    with connection(settings) as conn:
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(UPSERT_ENTRY, event)
