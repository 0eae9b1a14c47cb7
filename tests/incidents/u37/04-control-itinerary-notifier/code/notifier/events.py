"""Parsing and validation of itinerary-change events published by the booking core."""
from __future__ import annotations

import json
from dataclasses import dataclass


class PoisonMessage(ValueError):
    """The payload can never be processed; redelivery will not help."""


REQUIRED = ("booking_ref", "guest_name", "change_type", "old_departure", "new_departure")
CHANGE_TYPES = {"retime", "cancel", "platform", "replacement_bus"}


@dataclass(frozen=True)
class ItineraryChange:
    booking_ref: str
    guest_name: str
    change_type: str
    old_departure: str
    new_departure: str
    locale: str = "en-GB"


def parse(data: bytes) -> ItineraryChange:
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoisonMessage(f"payload is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise PoisonMessage("payload is not an object")
    missing = [k for k in REQUIRED if not body.get(k)]
    if missing:
        raise PoisonMessage(f"missing fields: {', '.join(missing)}")
    if body["change_type"] not in CHANGE_TYPES:
        raise PoisonMessage(f"unknown change_type {body['change_type']!r}")
    return ItineraryChange(**{k: body[k] for k in REQUIRED}, locale=body.get("locale", "en-GB"))
