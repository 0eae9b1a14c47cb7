import logging
import time

from . import settings

log = logging.getLogger("media.tasks")


def make_thumbnails(asset_id: str, source_key: str) -> dict:
    """Download the original, render the configured sizes and upload them."""
    started = time.monotonic()
    if settings.THUMB_SECONDS:  # local runs without a bucket
        time.sleep(settings.THUMB_SECONDS)
        keys = [f"thumbs/{asset_id}/{w}x{h}.webp" for w, h in settings.THUMB_SIZES]
    else:
        from .render import render_and_upload

        keys = render_and_upload(settings.BUCKET, asset_id, source_key, settings.THUMB_SIZES)
    log.info("thumbnails for %s done in %.2fs", asset_id, time.monotonic() - started)
    return {"asset_id": asset_id, "keys": keys}
