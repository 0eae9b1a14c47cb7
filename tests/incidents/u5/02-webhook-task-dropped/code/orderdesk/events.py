import asyncio
import logging

from . import db
from .webhooks import push_webhook

log = logging.getLogger("orderdesk.events")


async def publish(merchant_id: str, event: str, payload: dict) -> int:
    subs = await db.subscriptions_for(merchant_id, event)
    for sub in subs:
        asyncio.create_task(push_webhook(str(sub["id"]), sub["url"], event, payload))
    log.info("event %s merchant=%s queued for %d subscribers", event, merchant_id, len(subs))
    return len(subs)
