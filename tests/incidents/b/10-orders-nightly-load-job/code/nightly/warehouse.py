import sqlalchemy as sa

from . import settings

engine = sa.create_engine(settings.WAREHOUSE_DSN, pool_pre_ping=True)


def load_orders(rows: list[dict]) -> int:
    if not rows:
        return 0
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO staging.orders (order_id, placed_at, store_id, total) "
                "VALUES (:order_id, :placed_at, :store_id, :total) ON CONFLICT (order_id) DO NOTHING"
            ),
            rows,
        )
    return len(rows)
