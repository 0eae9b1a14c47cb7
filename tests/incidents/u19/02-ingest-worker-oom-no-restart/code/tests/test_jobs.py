import pytest

from ingest import jobs


def test_parse_checks_columns():
    with pytest.raises(ValueError):
        jobs._parse(b"sku,price\nA1,3.50\n")


def test_import_feed(monkeypatch):
    raw = b"sku,partner_id,price,stock,updated\nA1,p9,3.50,4,2026-11-01\n,p9,1,1,2026-11-01\n"
    monkeypatch.setattr(jobs.storage, "download", lambda name: raw)
    seen = {}
    monkeypatch.setattr(jobs.warehouse, "upsert_offers", lambda rows: seen.setdefault("rows", rows) and len(rows))
    out = jobs.import_feed("p9", "p9/2026-11-01.csv")
    assert out == {"partner": "p9", "rows": 2, "upserted": 1}
    assert seen["rows"][0]["price_cents"] == 350
