from thumbnailer import config


def test_defaults(monkeypatch):
    monkeypatch.delenv("PULL_MAX_MESSAGES", raising=False)
    s = config.load()
    assert s.max_messages == 4
    assert s.subscription == "pdf-uploaded-thumbnailer"


def test_env_override(monkeypatch):
    monkeypatch.setenv("PULL_MAX_MESSAGES", "1")
    assert config.load().max_messages == 1
