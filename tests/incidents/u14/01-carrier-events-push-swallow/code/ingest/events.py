"""Normalise carrier webhook payloads (already relayed onto Pub/Sub by the gateway)."""

import datetime as dt
import json

STATUS_MAP = {
    "PU": "picked_up",
    "IT": "in_transit",
    "OD": "out_for_delivery",
    "DL": "delivered",
    "EX": "exception",
}


class StaleEvent(Exception):
    pass


def normalise(raw: bytes, max_age_days: int, now: dt.datetime | None = None) -> dict:
    body = json.loads(raw)
    occurred = dt.datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00"))
    now = now or dt.datetime.now(dt.timezone.utc)
    if now - occurred > dt.timedelta(days=max_age_days):
        raise StaleEvent(body.get("tracking_number"))
    return {
        "shipment_id": body["shipment_id"],
        "carrier": body["carrier"].lower(),
        "carrier_ref": body["tracking_number"],
        "status": STATUS_MAP.get(body["code"], "unknown"),
        "occurred_at": occurred,
        "raw": json.dumps(body),
    }
