import json

import pytest

from inbox_drain.parse import BadNotification, parse_notification


def _msg(**kw):
    doc = {"messageId": "<a1@mail>", "from": "Ana@Example.com ", "subject": "Printer", "text": "hi"}
    doc.update(kw)
    return json.dumps(doc).encode()


def test_new_ticket():
    d = parse_notification(_msg())
    assert d.sender == "ana@example.com"
    assert d.existing_ticket is None


def test_reply_links_ticket():
    d = parse_notification(_msg(subject="Re: [LS-204311] Printer"))
    assert d.existing_ticket == 204311


def test_rejects_garbage():
    with pytest.raises(BadNotification):
        parse_notification(b"\x00not json")
    with pytest.raises(BadNotification):
        parse_notification(json.dumps({"from": "x"}).encode())
