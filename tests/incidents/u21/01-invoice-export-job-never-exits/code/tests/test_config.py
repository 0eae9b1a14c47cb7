from invoice_export.config import Settings


def test_defaults(monkeypatch):
    monkeypatch.delenv("EXPORT_SUBSCRIPTION", raising=False)
    s = Settings.from_env()
    assert s.subscription == "invoice-export-requests-sub"
    assert s.max_messages == 20
