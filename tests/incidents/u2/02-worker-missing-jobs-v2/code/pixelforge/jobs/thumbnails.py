"""v1 thumbnail job, still used by the legacy /uploads endpoint of the mobile app."""
from pathlib import Path

from PIL import Image


def make_thumbnail(src: str, size: int = 320) -> str:
    out = Path(src).with_suffix(f".{size}.jpg")
    with Image.open(src) as im:
        im.thumbnail((size, size))
        im.convert("RGB").save(out, "JPEG", quality=85)
    return str(out)
