import logging
import time

from aiohttp import web

from . import logfmt, settings
from .classifier import classify

logfmt.setup()
log = logging.getLogger("triage.http")


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def triage(request: web.Request) -> web.Response:
    ticket = await request.json()
    started = time.monotonic()
    result = await classify(ticket)
    log.info("ticket routed", extra={"kv": {
        "ticket": ticket.get("id"), "queue": result["queue"], "fallback": result.get("fallback", False),
        "duration_ms": int((time.monotonic() - started) * 1000)}})
    return web.json_response(result)


def make_app() -> web.Application:
    app = web.Application()
    app.add_routes([web.get("/healthz", healthz), web.post("/v1/triage", triage)])
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=settings.PORT, access_log=None)
