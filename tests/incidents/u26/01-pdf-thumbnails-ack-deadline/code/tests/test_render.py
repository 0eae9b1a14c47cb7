import fitz

from thumbnailer import render


def _pdf(pages: int) -> bytes:
    doc = fitz.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 72), f"page {i + 1}")
    data = doc.tobytes()
    doc.close()
    return data


def test_renders_every_page():
    out = list(render.render_pages(_pdf(3), width=128, max_pages=100))
    assert [n for n, _ in out] == [1, 2, 3]
    assert all(b[:4] == b"RIFF" for _, b in out)


def test_page_limit():
    out = list(render.render_pages(_pdf(5), width=64, max_pages=2))
    assert len(out) == 2


def test_page_count():
    assert render.page_count(_pdf(4)) == 4
