"""Read recently updated tickets from the helpdesk REST API."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import requests

from . import settings


def _session() -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {settings.HELPDESK_TOKEN}"
    s.headers["Accept"] = "application/json"
    return s


def recent_tickets(since: dt.datetime) -> Iterator[dict]:
    session = _session()
    url = f"{settings.HELPDESK_URL}/tickets"
    params = {"updated_since": since.isoformat(), "per_page": 100}
    seen = 0
    while url and seen < settings.MAX_TICKETS:
        response = session.get(url, params=params, timeout=30)
        response.raise_for_status()
        page = response.json()
        for ticket in page["tickets"]:
            seen += 1
            yield ticket
        url, params = page.get("next_page"), None
