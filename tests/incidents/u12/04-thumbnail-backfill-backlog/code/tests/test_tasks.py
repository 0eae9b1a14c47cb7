from media import settings, tasks


def test_fake_mode_returns_all_sizes(monkeypatch):
    monkeypatch.setattr(settings, "THUMB_SECONDS", 0.001)
    out = tasks.make_thumbnails("a1", "orig/a1.jpg")
    assert out["keys"] == ["thumbs/a1/160x160.webp", "thumbs/a1/480x480.webp", "thumbs/a1/1080x1080.webp"]
