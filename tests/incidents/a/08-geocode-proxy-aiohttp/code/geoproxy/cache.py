import json
import logging

import redis.asyncio as aioredis

from . import settings

log = logging.getLogger("geoproxy.cache")
_redis = aioredis.from_url(settings.REDIS_URL)


async def get(key: str):
    raw = await _redis.get(f"geo:{key}")
    return json.loads(raw) if raw else None


async def put(key: str, value) -> None:
    await _redis.set(f"geo:{key}", json.dumps(value), ex=settings.CACHE_TTL)
