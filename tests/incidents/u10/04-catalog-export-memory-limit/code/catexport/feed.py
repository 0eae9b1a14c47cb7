from __future__ import annotations

import gzip
import json
from decimal import Decimal

from catexport import settings


def _money(value) -> str:
    return f"{Decimal(value):.2f} {settings.CURRENCY}"


def build_items(cat: dict) -> list[dict]:
    items = []
    for p in cat["products"]:
        price = cat["prices"].get(p["id"])
        if price is None:
            continue
        on_hand = cat["stock"].get(p["id"], 0)
        if on_hand <= 0 and not settings.INCLUDE_OUT_OF_STOCK:
            continue
        imgs = cat["images"].get(p["id"], [])
        item = {
            "id": p["sku"],
            "title": p["title"],
            "description": p["description"],
            "brand": p["brand"],
            "product_type": p["category_path"],
            "gtin": p["gtin"],
            "link": f"{settings.SITE_URL}/p/{p['sku'].lower()}",
            "image_link": imgs[0] if imgs else None,
            "additional_image_link": imgs[1:10],
            "availability": "in_stock" if on_hand > 0 else "out_of_stock",
            "price": _money(price["list_price"]),
            "shipping_weight": f"{p['weight_g']} g",
        }
        if price["sale_price"] is not None:
            item["sale_price"] = _money(price["sale_price"])
        items.append(item)
    return items


def render(items: list[dict]) -> bytes:
    return gzip.compress(json.dumps({"items": items}, ensure_ascii=False).encode("utf-8"))
