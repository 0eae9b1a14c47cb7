import asyncpg

from .config import DATABASE_URL

_pool: asyncpg.Pool | None = None


async def pool() -> asyncpg.Pool:
    global _pool
    if _pool is None:
        _pool = await asyncpg.create_pool(DATABASE_URL, min_size=1, max_size=5)
    return _pool


async def set_status(upload_id: str, status: str, detail: str | None = None) -> None:
    p = await pool()
    await p.execute("UPDATE uploads SET status = $2, detail = $3, updated_at = now() WHERE id = $1",
                    upload_id, status, detail)


async def create_upload(upload_id: str, filename: str, size: int) -> None:
    p = await pool()
    await p.execute("INSERT INTO uploads (id, filename, size, status) VALUES ($1, $2, $3, 'processing')",
                    upload_id, filename, size)
