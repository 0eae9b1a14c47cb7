"""PIM REST client (read-only)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

TIMEOUT = (5, 60)


class PimClient:
    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.mount(
            "https://",
            HTTPAdapter(max_retries=Retry(total=5, backoff_factor=1, status_forcelist=(429, 500, 502, 503, 504))),
        )

    def count_changed(self, since: datetime) -> int:
        resp = self.session.get(
            f"{self.base_url}/api/rest/v1/products",
            params={"updated_since": since.isoformat(), "limit": 1, "with_count": "true"},
            timeout=TIMEOUT,
        )
        resp.raise_for_status()
        return int(resp.json()["items_count"])

    def iter_changed(self, since: datetime, page_size: int = 100) -> Iterator[list[dict]]:
        """Pages of products changed since `since`, oldest change first."""
        params = {
            "updated_since": since.isoformat(),
            "limit": page_size,
            "sort": "updated:asc",
            "pagination_type": "search_after",
        }
        url = f"{self.base_url}/api/rest/v1/products"
        while url:
            resp = self.session.get(url, params=params, timeout=TIMEOUT)
            resp.raise_for_status()
            body = resp.json()
            items = body["_embedded"]["items"]
            if not items:
                return
            yield items
            url = body.get("_links", {}).get("next", {}).get("href")
            params = None
