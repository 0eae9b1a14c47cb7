import json

import pytest

from scan_ingest.handlers import PermanentScanError, ScanHandler, parse_scan
from scan_ingest.store import MemoryStore


def _scan(**over):
    body = {
        "tracking_number": "TW1002938475",
        "event": "ARRIVE_HUB",
        "scanned_at": "2026-11-17T22:14:05Z",
        "facility": "RTM-2",
    }
    body.update(over)
    return json.dumps(body).encode()


def test_parse_ok():
    scan = parse_scan(_scan(), {"carrier": "postnl"})
    assert scan["carrier"] == "postnl"
    assert scan["event"] == "ARRIVE_HUB"


def test_unknown_event_is_permanent():
    with pytest.raises(PermanentScanError):
        parse_scan(_scan(event="TELEPORTED"), {})


def test_handler_appends():
    store = MemoryStore()
    ScanHandler(store)(_scan(), {})
    assert list(store.timelines) == ["TW1002938475"]
