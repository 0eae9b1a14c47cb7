import json
from unittest import mock

import anthropic
import httpx2

from triage import worker


def _msg(data):
    m = mock.Mock()
    m.data = data
    m.delivery_attempt = None
    return m


def test_acks_after_save():
    stats = worker.Stats()
    cb = worker.make_callback(stats)
    m = _msg(json.dumps({"id": "T-1", "subject": "s", "body": "b"}).encode())
    with mock.patch.object(worker, "classify", return_value={"category": "bug", "priority": "p2"}), \
            mock.patch.object(worker.store, "save") as save:
        cb(m)
    save.assert_called_once()
    m.ack.assert_called_once()
    assert stats.acked == 1


def test_nacks_on_overload():
    stats = worker.Stats()
    cb = worker.make_callback(stats)
    m = _msg(json.dumps({"id": "T-2", "subject": "s", "body": "b"}).encode())
    resp = httpx2.Response(529, request=httpx2.Request("POST", "https://api.anthropic.com/v1/messages"))
    err = anthropic.OverloadedError("overloaded", response=resp, body=None)
    with mock.patch.object(worker, "classify", side_effect=err):
        cb(m)
    m.nack.assert_called_once()
    assert stats.nacked == 1


def test_poison_message_is_acked():
    stats = worker.Stats()
    m = _msg(b"not json")
    worker.make_callback(stats)(m)
    m.ack.assert_called_once()
    assert stats.poison == 1
