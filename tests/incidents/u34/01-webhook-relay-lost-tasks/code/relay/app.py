import asyncio
import hashlib
import hmac
import json
import logging
import sys

import aiohttp
from aiohttp import web

from . import settings
from .ledger import LedgerClient, LedgerError

log = logging.getLogger("payrelay")


def _verify(secret: str, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


async def _forward(ledger: LedgerClient, event: dict) -> None:
    try:
        await ledger.post_event(event)
    except LedgerError:
        log.exception("forwarding failed for %s", event.get("id"))


async def webhook(request: web.Request) -> web.Response:
    body = await request.read()
    if not _verify(settings.WEBHOOK_SECRET, body, request.headers.get("X-Signature")):
        return web.json_response({"error": "bad signature"}, status=401)
    event = json.loads(body)
    log.info("received %s %s", event.get("type"), event.get("id"))
    asyncio.create_task(_forward(request.app["ledger"], event))
    return web.json_response({"accepted": event.get("id")}, status=202)


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _client_ctx(app: web.Application):
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
    app["ledger"] = LedgerClient(session)
    yield
    await session.close()


def create_app() -> web.Application:
    logging.basicConfig(
        stream=sys.stdout,
        level=settings.LOG_LEVEL,
        format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
    )
    app = web.Application()
    app.cleanup_ctx.append(_client_ctx)
    app.router.add_post("/webhooks/payments", webhook)
    app.router.add_get("/healthz", healthz)
    return app


async def app_factory() -> web.Application:
    return create_app()
