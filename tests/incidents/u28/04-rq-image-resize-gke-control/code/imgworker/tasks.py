import logging
import time

from . import resize
from .storage import get_storage

log = logging.getLogger(__name__)


def resize_upload(upload_id: str, source_key: str, renditions: list[str] | None = None) -> dict:
    storage = get_storage()
    started = time.monotonic()
    img = resize.load(storage.read(source_key))
    result = {"upload_id": upload_id, "width": img.width, "height": img.height, "renditions": {}}
    for name in renditions or list(resize.RENDITIONS):
        data = resize.make_rendition(img, resize.RENDITIONS[name])
        key = f"renditions/{upload_id}/{name}.webp"
        storage.write(key, data, "image/webp")
        result["renditions"][name] = {"key": key, "bytes": len(data)}
    result["seconds"] = round(time.monotonic() - started, 2)
    log.info("upload %s: %d renditions in %.2fs", upload_id, len(result["renditions"]), result["seconds"])
    return result


def cleanup_orphan_renditions(older_than_days: int = 30) -> int:
    # placeholder for the scheduled sweep; listing happens in the media service
    log.info("orphan sweep requested (older_than_days=%d)", older_than_days)
    return 0
