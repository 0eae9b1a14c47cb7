import pytest

from meterdrain import decode


def test_decode_reads_attributes():
    row = decode.decode(b'{"meter_id": "M-1", "kwh": "3.25", "read_at": "2026-12-03T01:30:00Z"}', {"firmware": "4.2.1"})
    assert row["kwh"] == 3.25
    assert row["firmware"] == "4.2.1"


def test_decode_rejects_missing_fields():
    with pytest.raises(decode.BadReading):
        decode.decode(b'{"meter_id": "M-1"}', {})
