import io

import pytest
from PIL import Image

from imgworker import resize


def jpeg(w, h):
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 120, 40)).save(buf, format="JPEG")
    return buf.getvalue()


def test_thumb_fits_box():
    img = resize.load(jpeg(4000, 3000))
    out = Image.open(io.BytesIO(resize.make_rendition(img, resize.RENDITIONS["thumb"])))
    assert out.size == (320, 240)
    assert out.format == "WEBP"


def test_small_image_not_upscaled():
    img = resize.load(jpeg(200, 100))
    out = Image.open(io.BytesIO(resize.make_rendition(img, resize.RENDITIONS["large"])))
    assert out.size == (200, 100)


def test_corrupt_input_is_value_error():
    with pytest.raises(ValueError):
        resize.load(b"\xff\xd8\xff\xe0 definitely not a jpeg")


def test_truncated_jpeg_is_value_error():
    with pytest.raises(ValueError):
        resize.load(jpeg(800, 600)[:900])
