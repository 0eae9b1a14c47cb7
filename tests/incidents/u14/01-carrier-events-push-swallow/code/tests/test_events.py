import datetime as dt
import json

import pytest

from ingest import events

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone.utc)


def _raw(**over):
    body = {
        "shipment_id": "SH-1001",
        "carrier": "DHL",
        "tracking_number": "JD0146000031",
        "code": "IT",
        "timestamp": "2026-12-03T08:12:00Z",
    }
    body.update(over)
    return json.dumps(body).encode()


def test_normalise_maps_status_and_lowercases_carrier():
    ev = events.normalise(_raw(), 14, now=NOW)
    assert ev["status"] == "in_transit"
    assert ev["carrier"] == "dhl"
    assert ev["carrier_ref"] == "JD0146000031"


def test_stale_event_rejected():
    with pytest.raises(events.StaleEvent):
        events.normalise(_raw(timestamp="2026-11-01T00:00:00Z"), 14, now=NOW)
