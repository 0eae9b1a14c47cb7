import io

from ledgerly.exports import _write_csv
from ledgerly.queries import COLUMNS


def test_write_csv_counts_rows():
    buf = io.StringIO()
    n = _write_csv([("2026-10-01", 1, "4000", "Sale", 0, 1250, "EUR", "ACME")], buf)
    assert n == 1
    assert buf.getvalue().splitlines()[0] == ",".join(COLUMNS)
