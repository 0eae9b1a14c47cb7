import json
from functools import lru_cache

from . import settings


@lru_cache(maxsize=1)
def products() -> list[dict]:
    with open(settings.CATALOG_PATH) as f:
        return json.load(f)


def by_sku(sku: str) -> dict | None:
    return next((p for p in products() if p["sku"] == sku), None)
