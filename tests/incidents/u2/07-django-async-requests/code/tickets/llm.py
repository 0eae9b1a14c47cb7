import logging
import time

import requests
from django.conf import settings

log = logging.getLogger("tickets.llm")

PROMPT = (
    "You are a support agent for Larchmont Outdoor. Draft a short, friendly reply to the "
    "customer's message below. Do not promise refunds.\n\nSubject: {subject}\n\n{body}"
)


def draft_reply(subject: str, body: str) -> str:
    started = time.monotonic()
    resp = requests.post(
        settings.LLM_GATEWAY_URL,
        headers={"Authorization": f"Bearer {settings.LLM_GATEWAY_TOKEN}"},
        json={"model": settings.LLM_MODEL, "max_tokens": 600,
              "messages": [{"role": "user", "content": PROMPT.format(subject=subject, body=body)}]},
        timeout=90,
    )
    resp.raise_for_status()
    text = resp.json()["content"][0]["text"]
    log.info("draft generated in %.1fs (%d chars)", time.monotonic() - started, len(text))
    return text
