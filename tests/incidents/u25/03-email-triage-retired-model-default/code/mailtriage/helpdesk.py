import logging
import time
from dataclasses import dataclass

import httpx

from . import config

log = logging.getLogger(__name__)


@dataclass
class Ticket:
    id: int
    subject: str
    description: str
    requester: str
    tags: list


class Helpdesk:
    def __init__(self, base_url=config.HELPDESK_URL, email=config.HELPDESK_EMAIL, token=config.HELPDESK_TOKEN):
        self._http = httpx.Client(
            base_url=base_url,
            auth=(f"{email}/token", token),
            timeout=30.0,
        )

    def untriaged_since(self, start_time, limit):
        tickets = []
        url = "/api/v2/incremental/tickets/cursor.json"
        params = {"start_time": int(start_time)}
        while url and len(tickets) < limit:
            resp = self._http.get(url, params=params)
            if resp.status_code == 429:
                wait = int(resp.headers.get("Retry-After", "10"))
                log.warning("helpdesk rate limited, sleeping %ss", wait)
                time.sleep(wait)
                continue
            resp.raise_for_status()
            body = resp.json()
            for t in body["tickets"]:
                if "triaged" in t.get("tags", []) or t.get("status") == "closed":
                    continue
                tickets.append(Ticket(t["id"], t["subject"] or "", t["description"] or "", str(t["requester_id"]), t["tags"]))
            url = None if body.get("end_of_stream") else body.get("after_url")
            params = None
        return tickets[:limit]

    def apply(self, ticket_id, category, priority):
        resp = self._http.put(
            f"/api/v2/tickets/{ticket_id}.json",
            json={"ticket": {"priority": priority, "additional_tags": ["triaged", f"cat_{category}"]}},
        )
        resp.raise_for_status()
