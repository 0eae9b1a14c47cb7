from crmsync.settings import load_settings


def test_defaults(monkeypatch):
    monkeypatch.setenv("HUBSPOT_API_KEY", "pat-test")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "demo")
    s = load_settings()
    assert s.hubspot_token == "pat-test"
    assert s.bq_project == "demo"
    assert s.page_size == 100
