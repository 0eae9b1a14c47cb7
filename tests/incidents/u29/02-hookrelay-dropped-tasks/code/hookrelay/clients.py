import asyncio
import logging

import aiohttp

from . import settings

log = logging.getLogger("hookrelay.clients")


class RateLimited(Exception):
    def __init__(self, retry_after: float):
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


class Shopify:
    def __init__(self, session: aiohttp.ClientSession):
        self.session = session
        self.base = f"https://{settings.SHOPIFY_SHOP}/admin/api/{settings.SHOPIFY_API_VERSION}"
        self.limit = asyncio.Semaphore(settings.SHOPIFY_CONCURRENCY)

    async def order(self, order_id: int) -> dict:
        async with self.limit:
            async with self.session.get(
                f"{self.base}/orders/{order_id}.json",
                headers={"X-Shopify-Access-Token": settings.SHOPIFY_TOKEN},
            ) as resp:
                if resp.status == 429:
                    raise RateLimited(float(resp.headers.get("Retry-After", "2.0")))
                resp.raise_for_status()
                return (await resp.json())["order"]


class Fulfilment:
    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def upsert_order(self, order: dict) -> None:
        async with self.session.put(
            f"{settings.FULFILMENT_API}/v1/orders/{order['id']}", json=order
        ) as resp:
            resp.raise_for_status()
