from enricher import config


def test_defaults(monkeypatch):
    monkeypatch.delenv("MAX_MESSAGES", raising=False)
    s = config.load()
    assert s.subscription == "orders-created-enricher"
    assert s.max_messages == 4
