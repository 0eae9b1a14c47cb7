import datetime as dt
import logging

import httpx

from .settings import Settings

log = logging.getLogger(__name__)


class Helpdesk:
    def __init__(self, settings: Settings) -> None:
        self._client = httpx.Client(
            base_url=f"{settings.helpdesk_base_url}/api/v2",
            auth=(f"{settings.helpdesk_email}/token", settings.helpdesk_token.get_secret_value()),
            timeout=15.0,
        )

    def untriaged(self, since: dt.datetime, limit: int) -> list[dict]:
        query = f"type:ticket status:new -tags:triaged created>{since:%Y-%m-%dT%H:%M:%SZ}"
        resp = self._client.get("/search.json", params={"query": query, "per_page": limit})
        resp.raise_for_status()
        return resp.json()["results"]

    def apply(self, ticket_id: int, category: str, priority: str) -> None:
        body = {"ticket": {"priority": priority, "additional_tags": ["triaged", f"cat_{category}"]}}
        resp = self._client.put(f"/tickets/{ticket_id}.json", json=body)
        resp.raise_for_status()
