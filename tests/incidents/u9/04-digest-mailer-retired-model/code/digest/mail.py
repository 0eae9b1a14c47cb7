"""Send the digest through the mail provider's HTTP API."""

from __future__ import annotations

import requests

from . import settings


def send(subject: str, text: str) -> None:
    payload = {
        "personalizations": [{"to": [{"email": a} for a in settings.DIGEST_TO]}],
        "from": {"email": settings.DIGEST_FROM, "name": "Support digest"},
        "subject": subject,
        "content": [{"type": "text/plain", "value": text}],
    }
    response = requests.post(settings.MAIL_API_URL, json=payload, timeout=30,
                             headers={"Authorization": f"Bearer {settings.MAIL_API_KEY}"})
    response.raise_for_status()
