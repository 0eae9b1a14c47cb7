"""Client for the payments partner's document delivery API."""
import logging
import threading
import time

import requests

from . import settings

log = logging.getLogger(__name__)

_session = requests.Session()
_token_lock = threading.Lock()
_token = None
_token_expiry = 0.0


def _access_token() -> str:
    global _token, _token_expiry
    _token_lock.acquire()
    if _token and time.time() < _token_expiry - 60:
        _token_lock.release()
        return _token

    log.info("refreshing partner access token")
    resp = _session.post(
        settings.PARTNER_TOKEN_URL,
        data={"grant_type": "client_credentials", "scope": "documents.write"},
        auth=(settings.PARTNER_CLIENT_ID, settings.PARTNER_CLIENT_SECRET),
        timeout=15,
    )
    resp.raise_for_status()
    body = resp.json()
    _token = body["access_token"]
    _token_expiry = time.time() + int(body.get("expires_in", 3600))
    _token_lock.release()
    return _token


def deliver(account_id: str, period: str, pdf: bytes) -> str:
    resp = _session.post(
        f"{settings.PARTNER_BASE_URL}/accounts/{account_id}/documents",
        headers={"Authorization": f"Bearer {_access_token()}"},
        files={"file": (f"statement-{period}.pdf", pdf, "application/pdf")},
        data={"kind": "statement", "period": period},
        timeout=60,
    )
    resp.raise_for_status()
    return resp.json()["document_id"]
