from contextlib import contextmanager

from sqlalchemy import create_engine, text

from . import settings

_engine = None


def engine():
    global _engine
    if _engine is None:
        _engine = create_engine(settings.WAREHOUSE_DSN, pool_pre_ping=True, pool_size=2)
    return _engine


@contextmanager
def transaction():
    with engine().begin() as conn:
        yield conn


def pending_movements(conn, store_id, since, limit):
    rows = conn.execute(
        text(
            "SELECT id, sku, delta, created_at FROM stock_movements "
            "WHERE store_id = :store AND reconciled = 0 AND created_at >= :since "
            "ORDER BY id LIMIT :limit"
        ),
        {"store": store_id, "since": since, "limit": limit},
    )
    return rows.fetchall()


def apply_totals(conn, store_id, totals):
    for sku, delta in totals.items():
        conn.execute(
            text(
                "UPDATE stock_levels SET on_hand = on_hand + :delta "
                "WHERE store_id = :store AND sku = :sku"
            ),
            {"delta": delta, "store": store_id, "sku": sku},
        )


def mark_reconciled(conn, ids):
    conn.execute(
        text("UPDATE stock_movements SET reconciled = 1 WHERE id IN (%s)" % ",".join(str(int(i)) for i in ids))
    )
