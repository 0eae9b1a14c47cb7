from datetime import date, datetime, timezone

from invoice_export.main import export_day


class FakeSource:
    def __init__(self, n):
        self.rows = [{"id": i, "number": f"INV-{i}", "account_id": 1, "issued_at": datetime(2026, 12, 1, tzinfo=timezone.utc),
                      "currency": "EUR", "net_amount": 10, "tax_amount": 2, "status": "issued", "country": "DE",
                      "segment": "smb"} for i in range(1, n + 1)]

    def count(self, day):
        return len(self.rows)

    def batches(self, day, size):
        for i in range(0, len(self.rows), size):
            yield self.rows[i:i + size]


class ListSink:
    def __init__(self):
        self.loaded = []

    def partition(self, day):
        return "t$x"

    def truncate(self, day):
        return 0

    def load(self, day, rows):
        self.loaded.extend(rows)
        return len(rows)


def test_exports_all_batches():
    sink = ListSink()
    assert export_day(date(2026, 12, 1), FakeSource(12), sink, 5) == 12
    assert len(sink.loaded) == 12
