import json
import logging
from datetime import datetime

log = logging.getLogger(__name__)

KNOWN_EVENTS = {"PICKUP", "DEPART_HUB", "ARRIVE_HUB", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION"}


class PermanentScanError(ValueError):
    """A scan that can never be stored (bad payload); ack and move on."""


def parse_scan(data: bytes, attributes: dict) -> dict:
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PermanentScanError(f"not json: {exc}") from exc

    tracking = body.get("tracking_number")
    event = body.get("event")
    if not tracking:
        raise PermanentScanError("missing tracking_number")
    if event not in KNOWN_EVENTS:
        raise PermanentScanError(f"unknown event {event!r}")
    try:
        scanned_at = datetime.fromisoformat(body["scanned_at"].replace("Z", "+00:00"))
    except (KeyError, ValueError) as exc:
        raise PermanentScanError("bad scanned_at") from exc

    return {
        "tracking_number": tracking,
        "event": event,
        "scanned_at": scanned_at,
        "facility": body.get("facility"),
        "carrier": attributes.get("carrier", body.get("carrier", "unknown")),
    }


class ScanHandler:
    def __init__(self, store):
        self._store = store

    def __call__(self, data: bytes, attributes: dict) -> None:
        scan = parse_scan(data, attributes)
        self._store.append_event(scan["tracking_number"], scan)
