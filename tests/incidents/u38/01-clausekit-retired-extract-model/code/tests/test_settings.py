from clausekit import settings


def test_base_models_resolve(monkeypatch):
    monkeypatch.setenv("CLAUSEKIT_ENV", "development")
    settings.get_settings.cache_clear()
    s = settings.get_settings()
    assert s.llm.models["extract"] == "claude-haiku-4-5"
    assert s.queues == ("extract", "summarize")


def test_env_var_override(monkeypatch):
    monkeypatch.setenv("CLAUSEKIT__REDIS__URL", "redis://example:6379/9")
    settings.get_settings.cache_clear()
    assert settings.get_settings().redis_url == "redis://example:6379/9"
