import sqlite3
from datetime import date

from ledger_export.source import count_rows, iter_chunks


def _db(tmp_path, n):
    path = tmp_path / "l.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE ledger_lines (id INTEGER PRIMARY KEY, business_date TEXT, account_no TEXT,"
        " posted_at TEXT, amount_minor INTEGER, currency TEXT, counterparty TEXT, memo TEXT)"
    )
    conn.executemany(
        "INSERT INTO ledger_lines VALUES (?, '2026-11-30', 'A1', '2026-11-30T10:00:00', 100, 'EUR', 'x', '')",
        [(i,) for i in range(1, n + 1)],
    )
    conn.commit()
    return f"sqlite:///{path}"


def test_chunks_cover_all_rows(tmp_path):
    url = _db(tmp_path, 2501)
    chunks = list(iter_chunks(url, date(2026, 11, 30), 1000))
    assert [len(c) for c in chunks] == [1000, 1000, 501]
    assert count_rows(url, date(2026, 11, 30)) == 2501
