from tripnotes import config


def test_default_model_is_current_vertex_id():
    assert "@" not in config.CLAUDE_MODEL or config.CLAUDE_MODEL.split("@")[1].isdigit()
