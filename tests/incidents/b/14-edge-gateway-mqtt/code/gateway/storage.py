import asyncpg

_pool: asyncpg.Pool | None = None


async def connect(dsn: str) -> None:
    global _pool
    _pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)


async def save_reading(device_id: str, metric: str, value: float, ts: float) -> None:
    await _pool.execute(
        "INSERT INTO readings (device_id, metric, value, ts) VALUES ($1, $2, $3, to_timestamp($4))",
        device_id, metric, value, ts,
    )


async def device_rules() -> list[dict]:
    rows = await _pool.fetch("SELECT device_id, metric, max_value FROM alert_rules WHERE enabled")
    return [dict(r) for r in rows]
