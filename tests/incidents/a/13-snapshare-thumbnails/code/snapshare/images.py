import io
import logging

from google.cloud import storage
from PIL import Image

log = logging.getLogger("snapshare.images")
SIZES = {"sm": 320, "md": 960, "lg": 2048}
_gcs = storage.Client()


def generate_thumbnails(bucket_name: str, album_id: str, keys: list[str]) -> None:
    bucket = _gcs.bucket(bucket_name)
    for n, key in enumerate(keys, 1):
        raw = bucket.blob(key).download_as_bytes()
        with Image.open(io.BytesIO(raw)) as img:
            img = img.convert("RGB")
            for label, px in SIZES.items():
                thumb = img.copy()
                thumb.thumbnail((px, px), Image.LANCZOS)
                out = io.BytesIO()
                thumb.save(out, "JPEG", quality=84, optimize=True)
                bucket.blob(key.replace("originals/", f"thumbs/{label}/")).upload_from_string(
                    out.getvalue(), content_type="image/jpeg")
        log.info("album %s: thumbnails %d/%d done (%s)", album_id, n, len(keys), key)
    log.info("album %s: all thumbnails ready", album_id)
