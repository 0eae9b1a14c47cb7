import json

import redis.asyncio as redis

from .config import settings

_r = redis.from_url(settings.redis_url, decode_responses=True)


async def load(conversation_id: str) -> list[dict]:
    raw = await _r.lrange(f"conv:{conversation_id}", -settings.history_turns * 2, -1)
    return [json.loads(x) for x in raw]


async def append(conversation_id: str, *messages: dict) -> None:
    key = f"conv:{conversation_id}"
    await _r.rpush(key, *(json.dumps(m) for m in messages))
    await _r.expire(key, 7 * 24 * 3600)
