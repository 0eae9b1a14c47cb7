import io

from PIL import Image, ImageOps, UnidentifiedImageError

Image.MAX_IMAGE_PIXELS = 120_000_000

RENDITIONS = {
    "thumb": (320, 320),
    "medium": (1024, 1024),
    "large": (2048, 2048),
}


def load(data: bytes) -> Image.Image:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise ValueError(f"cannot decode image: {e}") from e
    return ImageOps.exif_transpose(img)


def make_rendition(img: Image.Image, size: tuple[int, int]) -> bytes:
    out = img.copy()
    out.thumbnail(size, Image.Resampling.LANCZOS)
    if out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
    buf = io.BytesIO()
    out.save(buf, format="WEBP", quality=82, method=4)
    return buf.getvalue()
