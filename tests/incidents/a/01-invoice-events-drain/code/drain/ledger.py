import json
import logging

import requests

from . import settings

log = logging.getLogger(__name__)
_session = requests.Session()


def post_invoice_event(payload: dict) -> None:
    """Forward one invoice event to the ledger API."""
    resp = _session.post(
        f"{settings.LEDGER_API}/v1/invoice-events",
        data=json.dumps(payload),
        headers={"content-type": "application/json"},
        timeout=20,
    )
    resp.raise_for_status()
    log.info("ledger accepted event %s (%s)", payload.get("event_id"), resp.status_code)
