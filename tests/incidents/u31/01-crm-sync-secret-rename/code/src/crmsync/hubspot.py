import logging
from datetime import datetime
from typing import Iterator

import httpx
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

log = logging.getLogger(__name__)

CONTACT_PROPERTIES = [
    "email", "firstname", "lastname", "company", "lifecyclestage",
    "hs_lead_status", "country", "lastmodifieddate",
]


class HubSpotClient:
    def __init__(self, token: str, base_url: str, page_size: int = 100):
        self._http = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(30.0, connect=10.0),
        )
        self._page_size = page_size

    @retry(
        retry=retry_if_exception_type((httpx.TransportError, httpx.HTTPStatusError)),
        wait=wait_exponential(multiplier=1, max=20),
        stop=stop_after_attempt(5),
        reraise=True,
    )
    def _search(self, body: dict) -> dict:
        resp = self._http.post("/crm/v3/objects/contacts/search", json=body)
        if resp.status_code == 429 or resp.status_code >= 500:
            resp.raise_for_status()
        resp.raise_for_status()
        return resp.json()

    def modified_since(self, since: datetime) -> Iterator[dict]:
        after = None
        while True:
            body = {
                "filterGroups": [{"filters": [{
                    "propertyName": "lastmodifieddate",
                    "operator": "GTE",
                    "value": int(since.timestamp() * 1000),
                }]}],
                "properties": CONTACT_PROPERTIES,
                "limit": self._page_size,
                "sorts": [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}],
            }
            if after:
                body["after"] = after
            page = self._search(body)
            yield from page.get("results", [])
            after = page.get("paging", {}).get("next", {}).get("after")
            if not after:
                return

    def close(self) -> None:
        self._http.close()
