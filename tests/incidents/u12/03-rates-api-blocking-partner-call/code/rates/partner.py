"""Client for the carrier partner's quoting API."""

from __future__ import annotations

import requests

from . import settings

_session = requests.Session()
_session.headers.update({"Accept": "application/json", "User-Agent": "portside-rates/2.3"})


class PartnerError(Exception):
    pass


def request_quote(payload: dict) -> dict:
    try:
        resp = _session.post(
            settings.PARTNER_QUOTE_URL,
            json=payload,
            headers={"X-Api-Key": settings.PARTNER_API_KEY},
            timeout=settings.PARTNER_TIMEOUT,
        )
        resp.raise_for_status()
    except requests.RequestException as exc:
        raise PartnerError(str(exc)) from exc
    return resp.json()
