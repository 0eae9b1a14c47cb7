import sqlite3

from sweeper import main


def test_nothing_to_expire(tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE carts (id INTEGER PRIMARY KEY, status TEXT, updated_at TEXT)")
    conn.execute("CREATE TABLE stock_holds (cart_id INTEGER, sku TEXT)")
    conn.commit()
    monkeypatch.setenv("CARTS_DB_URL", f"sqlite:///{db}")
    assert main.run() == 0
