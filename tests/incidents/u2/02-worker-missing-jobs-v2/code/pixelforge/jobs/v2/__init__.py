import logging
from pathlib import Path

from PIL import Image, ImageOps

from pixelforge import config

log = logging.getLogger(__name__)


def resize(src: str, upload_id: str) -> dict:
    """Produce the v2 rendition set (auto-oriented, stripped of EXIF) for one upload."""
    outputs = {}
    with Image.open(src) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        for w, h in config.THUMB_SIZES:
            copy = im.copy()
            copy.thumbnail((w, h))
            out = Path(config.MEDIA_ROOT) / "renditions" / upload_id / f"{w}x{h}.jpg"
            out.parent.mkdir(parents=True, exist_ok=True)
            copy.save(out, "JPEG", quality=82, optimize=True)
            outputs[f"{w}x{h}"] = str(out)
    log.info("upload %s: %d renditions", upload_id, len(outputs))
    return outputs
