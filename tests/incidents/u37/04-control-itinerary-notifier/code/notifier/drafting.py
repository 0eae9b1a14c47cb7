"""Claude drafts the guest-facing notice; the SDK retries 429/5xx/529 with backoff."""
from __future__ import annotations

import anthropic

from .events import ItineraryChange

TEMPLATE = (
    "Write a short, friendly SMS (max 300 characters, locale {locale}) telling {guest} that "
    "their journey on booking {ref} changed: {change} (was {old}, now {new}). No apologies "
    "longer than one sentence, no links."
)


class NoticeDrafter:
    def __init__(self, model: str):
        self.model = model
        self.client = anthropic.Anthropic(max_retries=4, timeout=30)

    def draft(self, ev: ItineraryChange) -> str:
        msg = self.client.messages.create(
            model=self.model,
            max_tokens=200,
            messages=[{"role": "user", "content": TEMPLATE.format(
                locale=ev.locale, guest=ev.guest_name, ref=ev.booking_ref,
                change=ev.change_type.replace("_", " "), old=ev.old_departure, new=ev.new_departure)}],
        )
        return "".join(b.text for b in msg.content if b.type == "text").strip()
