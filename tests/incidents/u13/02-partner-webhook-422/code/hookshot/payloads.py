"""Build the partner payloads from an order row.

2026-11 schema: addresses follow our internal `Address` model
(`postal_code`, `country_code`, `lines[]`) instead of the flat 2024-06 shape.
"""

from typing import Any


def _address(order: dict[str, Any]) -> dict[str, Any]:
    a = order["ship_to"]
    return {
        "name": a["name"],
        "lines": [a["line1"]] + ([a["line2"]] if a.get("line2") else []),
        "city": a["city"],
        "postal_code": a["postcode"],
        "country_code": a["country"],
    }


def shipment_created(order: dict[str, Any], version: str) -> dict[str, Any]:
    return {
        "schema": version,
        "reference": order["number"],
        "created_at": order["paid_at"],
        "destination": _address(order),
        "parcels": [
            {"weight_grams": p["weight_grams"], "sku_count": p["items"]}
            for p in order["parcels"]
        ],
        "service_level": order.get("shipping_method", "standard"),
    }
