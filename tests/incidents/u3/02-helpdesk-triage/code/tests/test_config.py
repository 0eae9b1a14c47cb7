from triage.config import load_settings


def test_env_override(monkeypatch):
    monkeypatch.setenv("TRIAGE_LLM_MAX_TOKENS", "300")
    settings = load_settings()
    assert settings["llm"]["max_tokens"] == 300
    assert settings["triage"]["default_queue"] in settings["triage"]["queues"]
