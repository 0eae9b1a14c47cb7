"""Tells the delivery partner (Swiftdrop) about an order once its payment is captured."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from orders.store import PendingOrder

log = logging.getLogger("orders.partner")


class PartnerClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.token = token

    async def book_delivery(self, order: PendingOrder) -> str:
        payload = {
            "external_ref": order.order_id,
            "pickup_store": order.store_id,
            "slot": order.slot,
            "parcels": max(1, len(order.lines) // 12),
        }
        async with self.session.post(
            f"{self.base_url}/v2/deliveries",
            json=payload,
            headers={"Authorization": f"Bearer {self.token}"},
        ) as resp:
            resp.raise_for_status()
            body = await resp.json()
            return body["delivery_id"]


async def notify_when_captured(client: PartnerClient, order: PendingOrder) -> None:
    # The payment service always answers with a capture or a void webhook (it retries those
    # for 72 h), so there is no timeout here.
    await order.settled.wait()
    if order.voided:
        log.info("order %s: payment voided, no delivery", order.order_id)
        return
    for attempt in range(1, 4):
        try:
            delivery_id = await client.book_delivery(order)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.warning("order %s: partner booking attempt %d failed: %r", order.order_id, attempt, exc)
            await asyncio.sleep(2**attempt)
            continue
        log.info("order %s: delivery %s booked (capture %s)", order.order_id, delivery_id, order.capture_ref)
        return
    log.error("order %s: giving up on partner booking", order.order_id)
