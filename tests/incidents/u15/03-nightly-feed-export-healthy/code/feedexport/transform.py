import json

import requests

from . import config

_session = requests.Session()


class Retryable(Exception):
    pass


def stock_for(sku: str) -> int:
    try:
        r = _session.get(f"{config.INVENTORY_URL}/v1/stock/{sku}", timeout=5)
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise Retryable(f"inventory lookup for {sku}: {exc.__class__.__name__}") from exc
    if r.status_code >= 500:
        raise Retryable(f"inventory lookup for {sku}: HTTP {r.status_code}")
    r.raise_for_status()
    return int(r.json()["available"])


def to_feed_row(data: bytes, attributes: dict) -> dict:
    event = json.loads(data)
    row = {
        "id": event["sku"],
        "title": event.get("title"),
        "price": {"value": event["price"], "currency": event.get("currency", "EUR")},
        "updated_at": attributes.get("event_time") or event.get("updated_at"),
    }
    if event.get("type") in ("stock", "product"):
        row["availability"] = "in_stock" if stock_for(event["sku"]) > 0 else "out_of_stock"
    return row
