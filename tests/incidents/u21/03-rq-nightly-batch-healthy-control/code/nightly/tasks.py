import logging
import time

import requests

from . import settings

log = logging.getLogger(__name__)

_session = requests.Session()


def refresh_account_prices(account_id: int, as_of: str) -> dict:
    started = time.monotonic()
    resp = _session.get(
        f"{settings.PRICING_API}/v1/accounts/{account_id}/quote",
        params={"as_of": as_of},
        timeout=20,
    )
    resp.raise_for_status()
    quote = resp.json()
    items = quote.get("items", [])
    total = sum(item["unit_price"] * item["quantity"] for item in items)
    return {
        "account_id": account_id,
        "items": len(items),
        "total": round(total, 2),
        "seconds": round(time.monotonic() - started, 3),
    }
