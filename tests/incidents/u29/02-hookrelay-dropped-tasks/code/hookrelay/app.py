import asyncio
import json
import logging
import sys

import aiohttp
from aiohttp import web

from . import settings
from .clients import Fulfilment, Shopify
from .processing import process
from .signing import valid_signature

log = logging.getLogger("hookrelay")

TOPICS = {"orders/create", "orders/updated", "orders/paid", "orders/cancelled"}


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def shopify_webhook(request: web.Request) -> web.Response:
    body = await request.read()
    if not valid_signature(settings.SHOPIFY_WEBHOOK_SECRET, body, request.headers.get("X-Shopify-Hmac-Sha256")):
        log.warning("rejected webhook with bad signature from %s", request.remote)
        return web.json_response({"error": "invalid signature"}, status=401)
    topic = request.headers.get("X-Shopify-Topic", "")
    if topic not in TOPICS:
        return web.json_response({"ignored": topic}, status=200)
    payload = json.loads(body)
    event = {
        "topic": topic,
        "order_id": payload["id"],
        "webhook_id": request.headers.get("X-Shopify-Webhook-Id", ""),
    }
    asyncio.create_task(process(request.app["shopify"], request.app["fulfilment"], event))
    return web.json_response({"accepted": event["webhook_id"]}, status=202)


async def clients_ctx(app: web.Application):
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    app["shopify"] = Shopify(session)
    app["fulfilment"] = Fulfilment(session)
    yield
    await session.close()


def create_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/webhooks/shopify", shopify_webhook)
    app.cleanup_ctx.append(clients_ctx)
    return app


async def app_factory() -> web.Application:
    logging.basicConfig(
        stream=sys.stdout,
        level=settings.LOG_LEVEL,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return create_app()
