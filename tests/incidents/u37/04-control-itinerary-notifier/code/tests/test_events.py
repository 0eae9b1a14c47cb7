import json

import pytest

from notifier.events import PoisonMessage, parse


def _ok(**over):
    body = {"booking_ref": "CV8K2M", "guest_name": "Ana", "change_type": "retime",
            "old_departure": "2026-12-05T08:10", "new_departure": "2026-12-05T08:40"}
    body.update(over)
    return json.dumps(body).encode()


def test_parse_ok():
    assert parse(_ok()).booking_ref == "CV8K2M"


@pytest.mark.parametrize("data", [b"not json", b"[]", _ok(change_type="teleport"), _ok(guest_name="")])
def test_poison(data):
    with pytest.raises(PoisonMessage):
        parse(data)
