"""Minimal client for the helpdesk's ticket API."""

from __future__ import annotations

import logging

import requests

from .parse import TicketDraft

log = logging.getLogger(__name__)


class TicketsClient:
    def __init__(self, base_url: str, token: str, dry_run: bool = False) -> None:
        self.base_url = base_url.rstrip("/")
        self.dry_run = dry_run
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def upsert(self, draft: TicketDraft) -> int:
        if self.dry_run:
            return draft.existing_ticket or abs(hash(draft.message_id)) % 900000 + 100000
        if draft.existing_ticket:
            url = f"{self.base_url}/tickets/{draft.existing_ticket}/comments"
            payload = {"author": draft.sender, "body": draft.body, "source_id": draft.message_id}
        else:
            url = f"{self.base_url}/tickets"
            payload = {
                "requester": draft.sender,
                "subject": draft.subject,
                "body": draft.body,
                "source_id": draft.message_id,
            }
        resp = self.session.post(url, json=payload, timeout=20)
        resp.raise_for_status()
        return int(resp.json()["ticket_id"])
