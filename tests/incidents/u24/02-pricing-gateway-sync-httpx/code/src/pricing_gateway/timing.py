import logging
import time
import uuid

from . import config

log = logging.getLogger("pricing_gateway.timing")


class TimingMiddleware:
    """Logs one line per request with its duration."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": 500}
        rid = dict(scope["headers"]).get(b"x-request-id", b"").decode() or uuid.uuid4().hex[:12]

        async def _send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            ms = (time.perf_counter() - started) * 1000
            level = logging.WARNING if ms > config.SLOW_REQUEST_MS else logging.INFO
            log.log(level, "rid=%s %s %s %s %.1fms", rid, scope["method"], scope["path"], status["code"], ms)
