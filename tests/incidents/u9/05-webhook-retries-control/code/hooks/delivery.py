"""Deliver one webhook event to one subscriber endpoint. Runs inside an rq worker."""

from __future__ import annotations

import json
import logging

import requests
from rq import get_current_job

from . import settings
from .signing import signature_header

log = logging.getLogger(__name__)
_session = requests.Session()


def deliver(delivery_id: str, endpoint: str, event: dict) -> int:
    body = json.dumps(event, separators=(",", ":"), sort_keys=True).encode()
    job = get_current_job()
    attempt = 1
    if job is not None and job.retries_left is not None:
        attempt += 3 - job.retries_left
    response = _session.post(
        endpoint,
        data=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": settings.USER_AGENT,
            "Larkspur-Delivery": delivery_id,
            "Larkspur-Attempt": str(attempt),
            "Larkspur-Signature": signature_header(settings.SIGNING_SECRET, body),
        },
        timeout=settings.DELIVERY_TIMEOUT,
    )
    # 4xx other than 408/429 will never succeed: record and stop, no retry.
    if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
        log.warning("delivery %s rejected by %s: %s", delivery_id, endpoint, response.status_code)
        return response.status_code
    response.raise_for_status()
    return response.status_code
