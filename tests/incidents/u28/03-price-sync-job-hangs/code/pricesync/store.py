from psycopg_pool import ConnectionPool

from .model import PriceUpdate

_UPSERT = """
INSERT INTO supplier_costs (supplier_id, sku, cost, currency, effective_at, updated_at)
VALUES (%s, %s, %s, %s, %s, now())
ON CONFLICT (supplier_id, sku) DO UPDATE
SET cost = EXCLUDED.cost,
    currency = EXCLUDED.currency,
    effective_at = EXCLUDED.effective_at,
    updated_at = now()
WHERE supplier_costs.effective_at <= EXCLUDED.effective_at
"""


class CostStore:
    def __init__(self, dsn: str, size: int = 4):
        self._pool = ConnectionPool(dsn, min_size=1, max_size=size, open=True)

    def upsert(self, u: PriceUpdate) -> bool:
        with self._pool.connection() as conn:
            cur = conn.execute(_UPSERT, (u.supplier_id, u.sku, u.cost, u.currency, u.effective_at))
            return cur.rowcount == 1

    def close(self) -> None:
        self._pool.close()
