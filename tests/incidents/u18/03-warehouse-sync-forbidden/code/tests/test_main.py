import datetime as dt

from warehouse_sync import main, source


class FakeWarehouse:
    def __init__(self):
        self.staged = []
        self.merged = []

    def watermark(self, table):
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

    def stage(self, table, rows):
        self.staged.append((table, len(rows)))
        return len(rows)

    def merge(self, table):
        self.merged.append(table)
        return 3


def test_sync_table_merges_when_rows(monkeypatch):
    monkeypatch.setattr(main, "fetch_changed", lambda *a: iter([[{"id": 1}, {"id": 2}], [{"id": 3}]]))
    wh = FakeWarehouse()
    assert main.sync_table(wh, "orders") == 3
    assert wh.staged == [("orders", 2), ("orders", 1)]


def test_sync_table_skips_merge_when_empty(monkeypatch):
    monkeypatch.setattr(main, "fetch_changed", lambda *a: iter([]))
    wh = FakeWarehouse()
    assert main.sync_table(wh, "orders") == 0
    assert wh.merged == []


def test_jsonable():
    row = {"id": 1, "at": dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc), "d": dt.date(2026, 3, 1)}
    assert source._jsonable(row) == {"id": 1, "at": "2026-03-01T12:00:00+00:00", "d": "2026-03-01"}
