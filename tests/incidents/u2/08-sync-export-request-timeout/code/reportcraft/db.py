import os

import psycopg
from psycopg.rows import dict_row

DSN = os.environ.get("REPORTCRAFT_DSN", "postgresql://reportcraft@10.40.0.5/analytics")


def fetch_orders(org_id: int, start: str, end: str) -> list[dict]:
    with psycopg.connect(DSN, row_factory=dict_row) as conn:
        return conn.execute(
            "select o.id, o.placed_at, o.channel, o.region, o.sku, o.qty, o.unit_price, o.discount, "
            "c.segment from orders o join customers c on c.id = o.customer_id "
            "where o.org_id = %s and o.placed_at >= %s and o.placed_at < %s",
            (org_id, start, end),
        ).fetchall()
