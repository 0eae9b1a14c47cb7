import json
import logging

from digest.logjson import CloudJsonFormatter


def test_severity_and_fields():
    rec = logging.LogRecord("digest", logging.WARNING, __file__, 1, "slow %s", ("t1",), None)
    rec.fields = {"trip_id": "t1"}
    out = json.loads(CloudJsonFormatter().format(rec))
    assert out == {"severity": "WARNING", "message": "slow t1", "logger": "digest", "trip_id": "t1"}
