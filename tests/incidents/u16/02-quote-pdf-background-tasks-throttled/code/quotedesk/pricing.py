from __future__ import annotations

import httpx

from .models import LineItem


class PricingClient:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def price(self, account_id: str, items: list[LineItem]) -> dict:
        resp = httpx.post(
            f"{self.base_url}/price",
            json={"account_id": account_id, "items": [i.model_dump() for i in items]},
            timeout=self.timeout,
        )
        resp.raise_for_status()
        return resp.json()
