import gzip

from compactor.segments import SegmentWriter


def test_rotate_writes_segment(tmp_path):
    w = SegmentWriter(str(tmp_path), max_bytes=10**9)
    w.append([b'{"s":1}\n', b'{"s":2}\n'])
    path = w.rotate()
    with gzip.open(path, "rb") as f:
        assert f.read().count(b"\n") == 2


def test_rotate_empty_is_noop(tmp_path):
    assert SegmentWriter(str(tmp_path), max_bytes=10).rotate() is None
