import psycopg

from .settings import DATABASE_URL

UPSERT = """
INSERT INTO offers (sku, partner_id, price_cents, stock, updated)
VALUES (%(sku)s, %(partner_id)s, %(price_cents)s, %(stock)s, %(updated)s)
ON CONFLICT (sku, partner_id) DO UPDATE
SET price_cents = EXCLUDED.price_cents, stock = EXCLUDED.stock, updated = EXCLUDED.updated
"""


def upsert_offers(rows: list[dict]) -> int:
    if not rows:
        return 0
    with psycopg.connect(DATABASE_URL) as conn, conn.cursor() as cur:
        cur.executemany(UPSERT, rows)
    return len(rows)
