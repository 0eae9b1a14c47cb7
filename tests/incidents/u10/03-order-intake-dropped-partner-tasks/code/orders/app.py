from __future__ import annotations

import asyncio
import logging
import sys

import aiohttp
from aiohttp import web

from orders import config
from orders.partner import PartnerClient, notify_when_captured
from orders.store import PendingOrder, PendingOrders

log = logging.getLogger("orders.app")

CFG = web.AppKey("cfg", config.Config)
PENDING = web.AppKey("pending", PendingOrders)
PARTNER = web.AppKey("partner", PartnerClient)


async def accept_order(request: web.Request) -> web.Response:
    body = await request.json()
    try:
        order = PendingOrder(
            order_id=body["order_id"],
            store_id=body["store_id"],
            slot=body["slot"],
            lines=body["lines"],
        )
    except KeyError as exc:
        raise web.HTTPBadRequest(text=f"missing field {exc}")
    if not order.lines:
        raise web.HTTPUnprocessableEntity(text="order has no lines")

    request.app[PENDING].add(order)
    asyncio.create_task(notify_when_captured(request.app[PARTNER], order))
    log.info("order %s accepted: store=%s slot=%s lines=%d", order.order_id, order.store_id, order.slot, len(order.lines))
    return web.json_response({"order_id": order.order_id, "status": "accepted"}, status=202)


async def payment_event(request: web.Request) -> web.Response:
    event = await request.json()
    order = request.app[PENDING].get(event["order_id"])
    if order is None:
        log.debug("payment %s %s for order %s: nothing pending", event.get("type"), event.get("id"), event["order_id"])
        return web.json_response({"ok": True, "pending": False})
    if event.get("type") == "payment.voided":
        order.voided = True
    else:
        order.capture_ref = event.get("id")
    order.settled.set()
    return web.json_response({"ok": True, "pending": True})


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "pending_orders": len(request.app[PENDING])})


async def _partner_session(app: web.Application):
    cfg = app[CFG]
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=cfg.partner_timeout_s))
    app[PARTNER] = PartnerClient(session, cfg.partner_url, cfg.partner_token)
    yield
    await session.close()


def make_app(cfg: config.Config) -> web.Application:
    app = web.Application()
    app[CFG] = cfg
    app[PENDING] = PendingOrders()
    app.cleanup_ctx.append(_partner_session)
    app.router.add_post("/v1/orders", accept_order)
    app.router.add_post("/v1/webhooks/payments", payment_event)
    app.router.add_get("/healthz", healthz)
    return app


def main() -> None:
    cfg = config.load()
    logging.basicConfig(
        level=cfg.log_level,
        stream=sys.stdout,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    web.run_app(make_app(cfg), port=cfg.port, access_log_format='%a "%r" %s %b %Tfs')


if __name__ == "__main__":
    main()
