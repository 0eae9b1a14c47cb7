import pytest


@pytest.fixture(autouse=True)
def _log_to_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERS_LOG_FILE", str(tmp_path / "app.log"))
    from orders.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
