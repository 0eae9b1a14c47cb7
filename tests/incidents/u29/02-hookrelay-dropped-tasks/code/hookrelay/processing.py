import asyncio
import logging

from . import settings
from .clients import Fulfilment, RateLimited, Shopify

log = logging.getLogger("hookrelay.processing")


async def process(shopify: Shopify, fulfilment: Fulfilment, event: dict) -> None:
    topic, order_id = event["topic"], event["order_id"]
    log.info("started processing %s order=%s webhook=%s", topic, order_id, event["webhook_id"])
    for attempt in range(1, settings.MAX_ATTEMPTS + 1):
        try:
            order = await shopify.order(order_id)
            break
        except RateLimited as exc:
            log.info("shopify 429 for order=%s, attempt %d, sleeping %.1fs", order_id, attempt, exc.retry_after)
            await asyncio.sleep(exc.retry_after * attempt)
    else:
        log.error("giving up on order=%s after %d attempts", order_id, settings.MAX_ATTEMPTS)
        return
    await fulfilment.upsert_order(
        {
            "id": order["id"],
            "name": order["name"],
            "financial_status": order["financial_status"],
            "line_items": order["line_items"],
            "shipping_address": order.get("shipping_address"),
        }
    )
    log.info("done %s order=%s webhook=%s", topic, order_id, event["webhook_id"])
