import asyncpg

from .settings import settings

_pool: asyncpg.Pool | None = None


async def connect() -> None:
    global _pool
    _pool = await asyncpg.create_pool(settings.db_url, min_size=2, max_size=10)


async def disconnect() -> None:
    if _pool is not None:
        await _pool.close()


async def get_claim(claim_id: str) -> dict | None:
    row = await _pool.fetchrow("SELECT id, status, adjuster_id, amount_cents FROM claims WHERE id = $1", claim_id)
    return dict(row) if row else None


async def update_claim(claim_id: str, status: str, adjuster_id: str, amount_cents: int | None) -> dict | None:
    row = await _pool.fetchrow(
        """
        UPDATE claims
           SET status = $2, adjuster_id = $3, amount_cents = COALESCE($4, amount_cents), updated_at = now()
         WHERE id = $1
     RETURNING id, status, adjuster_id, amount_cents
        """,
        claim_id, status, adjuster_id, amount_cents,
    )
    return dict(row) if row else None
