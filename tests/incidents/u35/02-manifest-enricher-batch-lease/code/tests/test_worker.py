import json
from unittest import mock

from enricher.pubsub_io import Pulled
from enricher.worker import Enricher


def _item(n):
    return Pulled(ack_id=f"a{n}", message_id=str(n), data=json.dumps(
        {"manifest_id": "M1", "line": n, "description": "steel bolts", "origin": "DE"}).encode(),
        attributes={}, delivery_attempt=1, pulled_at=0.0)


def test_batch_acks_successes_only():
    e = Enricher.__new__(Enricher)
    e.s = mock.Mock(lease_seconds=60, lease_refresh_every=20)
    e._stopping = False
    e.puller = mock.MagicMock()
    e.handle = mock.Mock(side_effect=[None, RuntimeError("x")])
    e.run_batch([_item(1), _item(2)])
    e.puller.ack.assert_called_once()
    assert [i.ack_id for i in e.puller.ack.call_args[0][0]] == ["a1"]
