import asyncpg

from .settings import settings

pool: asyncpg.Pool | None = None


async def connect() -> None:
    global pool
    pool = await asyncpg.create_pool(settings.database_url, min_size=2, max_size=10)


async def close() -> None:
    if pool is not None:
        await pool.close()


async def set_status(order_id: str, status: str) -> dict | None:
    row = await pool.fetchrow(
        "UPDATE orders SET status = $2, updated_at = now() WHERE id = $1 "
        "RETURNING id, merchant_id, status, total_cents, updated_at",
        order_id,
        status,
    )
    return dict(row) if row else None


async def subscriptions_for(merchant_id: str, event: str) -> list[dict]:
    rows = await pool.fetch(
        "SELECT id, url FROM webhook_subscriptions "
        "WHERE merchant_id = $1 AND $2 = ANY(events) AND active",
        merchant_id,
        event,
    )
    return [dict(r) for r in rows]


async def get_order(order_id: str) -> dict | None:
    row = await pool.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
    return dict(row) if row else None
