import hashlib
import hmac

from hooks.signing import signature_header


def test_signature_header_matches_hmac_of_timestamp_and_body():
    header = signature_header(b"s3cret", b'{"a":1}', now=1700000000)
    ts, mac = header.split(",")
    assert ts == "t=1700000000"
    expected = hmac.new(b"s3cret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert mac == f"v1={expected}"
