import io
import logging
import os

from PIL import Image

log = logging.getLogger(__name__)

SIZES = {"sm": (160, 160), "md": (480, 480), "lg": (1080, 1080)}
DRY_RUN = os.environ.get("THUMBS_DRY_RUN") == "1"


def _bucket(name: str):
    from google.cloud import storage

    return storage.Client().bucket(name)


def rebuild(bucket_name: str, object_name: str) -> int:
    if DRY_RUN:
        return len(SIZES)
    bucket = _bucket(bucket_name)
    src = Image.open(io.BytesIO(bucket.blob(object_name).download_as_bytes()))
    src = src.convert("RGB")
    stem, _, _ = object_name.rpartition(".")
    for label, box in SIZES.items():
        img = src.copy()
        img.thumbnail(box)
        buf = io.BytesIO()
        img.save(buf, "WEBP", quality=82)
        bucket.blob(f"thumbs/{label}/{stem}.webp").upload_from_string(
            buf.getvalue(), content_type="image/webp"
        )
    return len(SIZES)
