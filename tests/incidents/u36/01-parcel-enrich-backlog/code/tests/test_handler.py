import json
from unittest import mock

from enricher.geocoder import GeocodeError, GeoPoint
from enricher.handler import EnrichHandler


def _message(payload):
    msg = mock.Mock()
    msg.data = json.dumps(payload).encode()
    msg.message_id = "1"
    msg.delivery_attempt = 1
    return msg


def _handler(geocode=None, zone="LDN-E14"):
    geocoder = mock.Mock()
    geocoder.geocode.side_effect = geocode or (lambda a: GeoPoint(51.5, -0.02, "rooftop"))
    zones = mock.Mock()
    zones.zone_for.return_value = zone
    publisher = mock.Mock()
    return EnrichHandler(geocoder, zones, publisher, "projects/p/topics/t"), publisher


def test_enriches_and_acks():
    h, publisher = _handler()
    msg = _message({"parcel_id": "P1", "delivery_address": {"postcode": "E14 5AB"}})
    h(msg)
    body = json.loads(publisher.publish.call_args.args[1])
    assert body["zone_id"] == "LDN-E14"
    msg.ack.assert_called_once()


def test_unknown_address_is_published_without_point():
    def fail(_):
        raise GeocodeError("address not found")

    h, publisher = _handler(geocode=fail)
    msg = _message({"parcel_id": "P2", "delivery_address": {"postcode": "ZZ1 1ZZ"}})
    h(msg)
    body = json.loads(publisher.publish.call_args.args[1])
    assert body["geo"] is None
    msg.ack.assert_called_once()


def test_geocoder_outage_nacks():
    def boom(_):
        raise ConnectionError("reset")

    h, _ = _handler(geocode=boom)
    msg = _message({"parcel_id": "P3", "delivery_address": {}})
    h(msg)
    msg.nack.assert_called_once()


def test_malformed_is_acked():
    h, _ = _handler()
    msg = mock.Mock(data=b"not json", message_id="9")
    h(msg)
    msg.ack.assert_called_once()
