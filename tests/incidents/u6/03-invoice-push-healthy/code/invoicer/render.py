import json
import os

import httpx

from .config import config


class RetryLater(Exception):
    """Downstream said try again; let Pub/Sub redeliver."""


async def _template_path(client: httpx.AsyncClient, brand: str) -> str:
    os.makedirs(config.template_cache, exist_ok=True)
    path = os.path.join(config.template_cache, f"{brand}.json")
    if not os.path.exists(path):
        r = await client.get(f"{config.renderer_url}/templates/{brand}")
        r.raise_for_status()
        with open(path, "w") as fh:
            json.dump(r.json(), fh)
    return path


async def build_invoice(client: httpx.AsyncClient, order_id: str) -> dict:
    r = await client.get(f"{config.orders_api}/v1/orders/{order_id}")
    r.raise_for_status()
    order = r.json()

    template = await _template_path(client, order.get("brand", "default"))
    r = await client.post(
        f"{config.renderer_url}/render",
        json={"order": order, "template": os.path.basename(template)},
    )
    if r.status_code in (429, 502, 503, 504):
        raise RetryLater(f"renderer answered {r.status_code}")
    r.raise_for_status()
    pdf = r.json()

    r = await client.put(
        f"{config.docstore_url}/invoices/{order_id}.pdf",
        json={"object": pdf["object"], "order_id": order_id},
    )
    if r.status_code in (429, 502, 503, 504):
        raise RetryLater(f"docstore answered {r.status_code}")
    r.raise_for_status()
    return {"pages": pdf.get("pages", 1), "object": pdf["object"]}
