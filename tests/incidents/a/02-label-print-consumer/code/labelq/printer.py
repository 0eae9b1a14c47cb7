import logging
import os

import requests

log = logging.getLogger("labelq.printer")
LABEL_SERVICE = os.environ.get("LABEL_SERVICE_URL", "http://label-render.internal")


def render_and_queue(order: dict) -> str:
    resp = requests.post(f"{LABEL_SERVICE}/labels", json=order, timeout=30)
    resp.raise_for_status()
    label_id = resp.json()["label_id"]
    log.info("label queued", extra={"order_id": order["order_id"]})
    return label_id
