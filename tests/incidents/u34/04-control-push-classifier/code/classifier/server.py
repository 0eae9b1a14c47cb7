import base64
import json
import logging
import sys

import anthropic
from aiohttp import web

from . import settings
from .classify import classify
from .store import ResultStore

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("classifier")


async def push(request: web.Request) -> web.Response:
    envelope = await request.json()
    message = envelope.get("message") or {}
    msg_id = message.get("messageId", "?")
    try:
        payload = json.loads(base64.b64decode(message.get("data", "")))
    except (ValueError, json.JSONDecodeError):
        log.warning("message %s: undecodable payload, acking", msg_id)
        return web.Response(status=204)
    try:
        result = await classify(request.app["anthropic"], payload["text"])
    except anthropic.APIError as exc:
        log.warning("message %s: classification failed (%s), nacking", msg_id, type(exc).__name__)
        return web.Response(status=503)
    await request.app["store"].save(payload["feedback_id"], result)
    log.info("message %s: feedback %s -> %s (%.2f)", msg_id, payload["feedback_id"],
             result["label"], result.get("confidence", 0.0))
    return web.Response(status=204)


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _clients(app: web.Application):
    app["anthropic"] = anthropic.AsyncAnthropic(max_retries=4, timeout=60)
    app["store"] = ResultStore()
    log.info("classifier ready (model %s)", settings.MODEL)
    yield
    await app["anthropic"].close()
    await app["store"].close()
    log.info("classifier stopped")


def make_app() -> web.Application:
    app = web.Application()
    app.cleanup_ctx.append(_clients)
    app.router.add_post("/pubsub/push", push)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=settings.PORT)
