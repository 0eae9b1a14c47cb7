"""Jobs executed by the rq worker (`rq worker emails`)."""
import logging

import httpx

from .. import config
from .templates import render

log = logging.getLogger(__name__)

POSTMARK_URL = "https://api.postmarkapp.com/email"


def _send(to: str, subject: str, html: str, tag: str) -> str:
    resp = httpx.post(
        POSTMARK_URL,
        headers={"X-Postmark-Server-Token": config.POSTMARK_TOKEN, "Accept": "application/json"},
        json={"From": config.FROM_ADDRESS, "To": to, "Subject": subject, "HtmlBody": html,
              "Tag": tag, "MessageStream": "outbound"},
        timeout=20,
    )
    resp.raise_for_status()
    return resp.json()["MessageID"]


def send_order_confirmation(order_id: str, email: str, first_name: str, items: list[dict]) -> str:
    html = render("order_confirmation", first_name=first_name, order_id=order_id, items=items)
    message_id = _send(email, f"Your Forkful order {order_id} is confirmed", html, "order-confirmation")
    log.info("order confirmation sent order=%s message_id=%s", order_id, message_id)
    return message_id


def send_password_reset(email: str, reset_url: str) -> str:
    html = render("password_reset", reset_url=reset_url)
    return _send(email, "Reset your Forkful password", html, "password-reset")
