import io

from PIL import Image

from thumbnailer.render import render, thumbnail_name


def _png(w, h):
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_thumbnail_name():
    assert thumbnail_name("u/42/cat.png", 160) == "thumbs/u/42/cat_160.webp"


def test_render_writes_each_size_within_bounds():
    stored = {}
    names = render("a/b.png", (160, 480), lambda k: _png(1600, 900), stored.__setitem__)
    assert names == ["thumbs/a/b_160.webp", "thumbs/a/b_480.webp"]
    for name, size in zip(names, (160, 480)):
        img = Image.open(io.BytesIO(stored[name]))
        assert max(img.size) == size
