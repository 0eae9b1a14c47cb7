import logging

import httpx

from orders.models import Order
from orders.settings import get_settings

logger = logging.getLogger(__name__)

TEMPLATE = "order-confirmation-v3"


def render_confirmation(order: Order) -> dict:
    return {
        "template": TEMPLATE,
        "to": order.customer_email,
        "vars": {
            "name": order.customer_name,
            "order_id": order.id,
            "total": str(order.total),
            "items": [i.model_dump(mode="json") for i in order.items],
        },
    }


def send_order_confirmation(order: Order) -> bool:
    settings = get_settings()
    payload = render_confirmation(order)
    payload["from"] = settings.mail_from
    try:
        resp = httpx.post(
            settings.mail_api_url,
            json=payload,
            headers={"Authorization": f"Bearer {settings.mail_api_key}"},
            timeout=settings.mail_timeout_seconds,
        )
        resp.raise_for_status()
    except httpx.HTTPError:
        logger.exception("order confirmation email failed for order %s", order.id)
        return False
    logger.info("confirmation email queued for order %s", order.id)
    return True
