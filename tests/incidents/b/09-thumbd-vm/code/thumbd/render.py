import io

from PIL import Image

SIZES = [(1600, 1600), (800, 800), (320, 320)]


def renditions(data: bytes) -> dict[str, bytes]:
    img = Image.open(io.BytesIO(data))
    img.load()
    out = {}
    for w, h in SIZES:
        copy = img.copy()
        copy.thumbnail((w, h))
        buf = io.BytesIO()
        copy.convert("RGB").save(buf, "JPEG", quality=85, optimize=True)
        out[f"{w}x{h}"] = buf.getvalue()
    return out
