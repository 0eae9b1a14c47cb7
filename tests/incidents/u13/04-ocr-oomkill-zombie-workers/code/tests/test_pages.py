import io

from PIL import Image

from scanhouse.jobs import _pages


def test_multipage_tiff_decoded():
    frames = [Image.new("L", (20, 20), c) for c in (0, 128, 255)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    assert len(_pages(buf.getvalue())) == 3
