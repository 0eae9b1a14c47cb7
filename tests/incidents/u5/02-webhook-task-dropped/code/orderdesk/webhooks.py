import asyncio
import hashlib
import hmac
import json
import logging
import time

import httpx

from .settings import settings

log = logging.getLogger("orderdesk.webhooks")

_client: httpx.AsyncClient | None = None


def client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(timeout=settings.webhook_timeout)
    return _client


def sign(body: bytes) -> str:
    return hmac.new(settings.webhook_secret.encode(), body, hashlib.sha256).hexdigest()


async def push_webhook(sub_id: str, url: str, event: str, payload: dict) -> None:
    body = json.dumps({"event": event, "data": payload}, default=str).encode()
    headers = {
        "content-type": "application/json",
        "x-orderdesk-event": event,
        "x-orderdesk-signature": sign(body),
    }
    started = time.monotonic()
    for attempt in range(1, settings.webhook_max_attempts + 1):
        try:
            resp = await client().post(url, content=body, headers=headers)
            if resp.status_code < 500:
                log.info(
                    "webhook delivered sub=%s event=%s status=%s attempt=%d duration_ms=%d",
                    sub_id, event, resp.status_code, attempt,
                    (time.monotonic() - started) * 1000,
                )
                return
            log.warning("webhook sub=%s status=%s attempt=%d", sub_id, resp.status_code, attempt)
        except httpx.HTTPError as exc:
            log.warning("webhook sub=%s error=%r attempt=%d", sub_id, exc, attempt)
        await asyncio.sleep(2 ** attempt)
    log.error("webhook gave up sub=%s event=%s", sub_id, event)
