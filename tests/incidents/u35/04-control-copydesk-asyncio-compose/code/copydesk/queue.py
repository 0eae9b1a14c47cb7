"""Reliable queue on a Redis list: BLMOVE into a per-consumer processing list, LREM on done.

Anything left in the processing list when a consumer starts was in flight when it last stopped;
it goes back to the head of the queue.
"""
from __future__ import annotations

import json
import logging

import redis.asyncio as aioredis

log = logging.getLogger("copydesk.queue")


class ReliableQueue:
    def __init__(self, url: str, name: str, consumer: str):
        self.r = aioredis.Redis.from_url(url, decode_responses=True, health_check_interval=10,
                                         socket_keepalive=True)
        self.name = name
        self.processing = f"{name}:processing:{consumer}"

    async def recover(self) -> int:
        moved = 0
        while await self.r.lmove(self.processing, self.name, "RIGHT", "RIGHT"):
            moved += 1
        return moved

    async def take(self, timeout: float = 5.0) -> tuple[str, dict] | None:
        raw = await self.r.blmove(self.name, self.processing, timeout, "RIGHT", "LEFT")
        if raw is None:
            return None
        return raw, json.loads(raw)

    async def done(self, raw: str, result: dict) -> None:
        async with self.r.pipeline(transaction=True) as p:
            p.hset("copydesk:results", result["id"], json.dumps(result))
            p.lrem(self.processing, 1, raw)
            await p.execute()

    async def give_back(self, raw: str) -> None:
        async with self.r.pipeline(transaction=True) as p:
            p.lrem(self.processing, 1, raw)
            p.rpush(self.name, raw)
            await p.execute()

    async def depth(self) -> int:
        return await self.r.llen(self.name)

    async def close(self) -> None:
        await self.r.aclose()
