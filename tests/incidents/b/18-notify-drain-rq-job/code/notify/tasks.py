import logging
import os

import requests

log = logging.getLogger("notify.tasks")
PUSH_API = os.environ.get("PUSH_API", "https://push.internal.tidepool.app/v1/send")


def send_push(user_id: int, template: str, data: dict) -> str:
    resp = requests.post(PUSH_API, json={"user": user_id, "template": template, "data": data}, timeout=15)
    resp.raise_for_status()
    return resp.json()["delivery_id"]
