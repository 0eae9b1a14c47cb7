import asyncio
import json
import logging
import os
import sys

import aiohttp
from google.cloud import storage

from . import progress, targets

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
log = logging.getLogger("pricewatch")

BUCKET = os.environ.get("PRICE_BUCKET", "pricewatch-snapshots")
TASK_INDEX = int(os.environ.get("CLOUD_RUN_TASK_INDEX", "0"))
TASK_COUNT = int(os.environ.get("CLOUD_RUN_TASK_COUNT", "1"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "8"))


async def fetch(session: aiohttp.ClientSession, sem: asyncio.Semaphore, target: dict) -> dict | None:
    async with sem:
        for attempt in range(3):
            try:
                async with session.get(target["url"], timeout=aiohttp.ClientTimeout(total=20)) as resp:
                    resp.raise_for_status()
                    body = await resp.json()
                    return {"sku": target["sku"], "price": body.get("price"), "currency": body.get("currency", "EUR")}
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                log.warning("fetch %s attempt %d failed: %s", target["sku"], attempt + 1, exc)
                await asyncio.sleep(2 ** attempt)
    return None


async def run() -> int:
    items = targets.load(TASK_INDEX, TASK_COUNT)
    sem = asyncio.Semaphore(CONCURRENCY)
    results = []
    async with aiohttp.ClientSession(headers={"User-Agent": "pricewatch/1.6"}) as session:
        tasks = [asyncio.create_task(fetch(session, sem, t)) for t in items]
        for n, fut in enumerate(asyncio.as_completed(tasks), start=1):
            r = await fut
            if r:
                results.append(r)
            await progress.mark(n, len(items))
    blob = storage.Client().bucket(BUCKET).blob(f"snapshots/task-{TASK_INDEX}.json")
    await asyncio.to_thread(blob.upload_from_string, json.dumps(results), content_type="application/json")
    log.info("task %d/%d: %d/%d prices captured", TASK_INDEX, TASK_COUNT, len(results), len(items))
    return 0 if results or not items else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(run()))
