"""Thin client for the internal pricing and inventory APIs."""
import logging
from dataclasses import dataclass

import httpx

from . import config

log = logging.getLogger(__name__)


class PricingError(Exception):
    pass


@dataclass(frozen=True)
class Price:
    sku: str
    currency: str
    unit_amount: int
    tier: str


class PricingClient:
    def __init__(self, base_url: str = config.PRICING_API_URL, timeout: float = config.PRICING_TIMEOUT_S):
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
            headers={"User-Agent": "pricing-gateway/2.7"},
        )

    def price_for(self, sku: str, customer_tier: str, currency: str) -> Price:
        r = self._http.get(f"/v2/prices/{sku}", params={"tier": customer_tier, "currency": currency})
        if r.status_code == 404:
            raise PricingError(f"unknown sku {sku}")
        r.raise_for_status()
        body = r.json()
        return Price(sku=sku, currency=body["currency"], unit_amount=body["unit_amount"], tier=body["tier"])

    def discounts(self, customer_id: str) -> list[dict]:
        r = self._http.get(f"/v2/customers/{customer_id}/discounts")
        r.raise_for_status()
        return r.json()["discounts"]

    def close(self) -> None:
        self._http.close()


class InventoryClient:
    def __init__(self, base_url: str = config.INVENTORY_API_URL, timeout: float = config.PRICING_TIMEOUT_S):
        self._http = httpx.Client(base_url=base_url, timeout=timeout)

    def availability(self, skus: list[str]) -> dict[str, int]:
        r = self._http.post("/v1/availability", json={"skus": skus})
        r.raise_for_status()
        return {row["sku"]: row["available"] for row in r.json()["items"]}

    def close(self) -> None:
        self._http.close()


pricing = PricingClient()
inventory = InventoryClient()
