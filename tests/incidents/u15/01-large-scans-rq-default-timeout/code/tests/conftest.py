import fakeredis
import pytest

from scanpipe import queue as q


@pytest.fixture(autouse=True)
def fake_redis(monkeypatch, tmp_path):
    conn = fakeredis.FakeStrictRedis()
    q.redis_conn.cache_clear()
    monkeypatch.setattr(q, "redis_conn", lambda: conn)
    monkeypatch.setattr("scanpipe.api.redis_conn", lambda: conn)
    monkeypatch.setattr("scanpipe.config.SCAN_ROOT", tmp_path / "scans")
    monkeypatch.setattr("scanpipe.config.OUTPUT_ROOT", tmp_path / "proofs")
    yield conn
