import asyncio
import logging

import aiohttp

from . import settings

log = logging.getLogger("payrelay.ledger")


class LedgerError(Exception):
    pass


class LedgerClient:
    def __init__(self, session: aiohttp.ClientSession):
        self._session = session

    async def post_event(self, event: dict) -> None:
        url = f"{settings.LEDGER_URL}/v2/events"
        headers = {"Authorization": f"Bearer {settings.LEDGER_TOKEN}"}
        delay = settings.FORWARD_BACKOFF
        for attempt in range(1, settings.FORWARD_ATTEMPTS + 1):
            try:
                async with self._session.post(url, json=event, headers=headers) as resp:
                    if resp.status < 300:
                        log.info("ledger accepted event %s (attempt %d)", event["id"], attempt)
                        return
                    if resp.status < 500 and resp.status != 429:
                        body = await resp.text()
                        raise LedgerError(f"ledger rejected {event['id']}: {resp.status} {body[:200]}")
                    log.warning("ledger returned %s for %s, retrying in %.0fs",
                                resp.status, event["id"], delay)
            except aiohttp.ClientError as exc:
                log.warning("ledger unreachable for %s (%s), retrying in %.0fs",
                            event["id"], exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60)
        raise LedgerError(f"gave up on {event['id']} after {settings.FORWARD_ATTEMPTS} attempts")
