import requests

from . import settings


def orders_since(cursor: str | None):
    params = {"limit": settings.BATCH_SIZE}
    while True:
        if cursor:
            params["after"] = cursor
        page = requests.get(f"{settings.ORDERS_API}/orders", params=params, timeout=60).json()
        yield page["data"]
        cursor = page.get("next")
        if not cursor:
            return
