from docketdigest import conf


def test_env_overrides_toml(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text('[summarizer]\nmax_tokens = 100\nmodel = "m"\n')
    data = conf.load(p, {"DOCKETDIGEST_SUMMARIZER_MAX_TOKENS": "250"})
    assert data["summarizer"]["max_tokens"] == 250
    assert data["summarizer"]["model"] == "m"
