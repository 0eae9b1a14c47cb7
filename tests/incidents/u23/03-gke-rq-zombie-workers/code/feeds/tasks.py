import logging

import httpx

from feeds import settings
from feeds.parse import parse_feed

log = logging.getLogger("feeds.tasks")

_client: httpx.Client | None = None


def client() -> httpx.Client:
    global _client
    if _client is None:
        _client = httpx.Client(
            timeout=settings.FETCH_TIMEOUT,
            follow_redirects=True,
            headers={"User-Agent": settings.USER_AGENT},
        )
    return _client


def refresh_feed(feed_id: int, url: str | None = None) -> int:
    url = url or f"{settings.FEED_BASE_URL}/feeds/{feed_id}.xml"
    resp = client().get(url)
    resp.raise_for_status()
    entries = parse_feed(resp.text)
    log.info("feed %s: %d entries", feed_id, len(entries))
    return len(entries)
