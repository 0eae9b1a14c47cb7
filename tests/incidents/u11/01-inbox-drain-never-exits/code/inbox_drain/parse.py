"""Turn a raw inbound-mail notification into a ticket draft."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_REF = re.compile(r"\[LS-(\d{5,7})\]")


@dataclass
class TicketDraft:
    message_id: str
    sender: str
    subject: str
    body: str
    existing_ticket: int | None


class BadNotification(ValueError):
    pass


def parse_notification(data: bytes) -> TicketDraft:
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadNotification(f"not JSON: {exc}") from exc
    for key in ("messageId", "from", "subject"):
        if key not in doc:
            raise BadNotification(f"missing {key}")
    match = _REF.search(doc["subject"])
    return TicketDraft(
        message_id=doc["messageId"],
        sender=doc["from"].strip().lower(),
        subject=doc["subject"].strip(),
        body=doc.get("text", "")[:20000],
        existing_ticket=int(match.group(1)) if match else None,
    )
