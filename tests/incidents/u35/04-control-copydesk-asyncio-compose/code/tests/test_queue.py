import asyncio
import json

import pytest

from copydesk.queue import ReliableQueue


@pytest.mark.asyncio
async def test_recover_returns_in_flight(redis_url):
    q = ReliableQueue(redis_url, "t:jobs", "c1")
    await q.r.delete("t:jobs", q.processing)
    await q.r.lpush(q.processing, json.dumps({"id": "a"}))
    assert await q.recover() == 1
    assert await q.depth() == 1
    await q.close()
