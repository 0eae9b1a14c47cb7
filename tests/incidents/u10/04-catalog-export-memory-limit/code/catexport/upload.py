from __future__ import annotations

import datetime as dt
from pathlib import Path

from catexport import settings


def upload(data: bytes) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M")
    name = f"{settings.FEED_PREFIX}/catalogue-{stamp}.json.gz"
    if not settings.FEED_BUCKET:
        out = Path("out") / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return str(out)
    from google.cloud import storage

    blob = storage.Client().bucket(settings.FEED_BUCKET).blob(name)
    blob.upload_from_string(data, content_type="application/json", timeout=300)
    latest = storage.Client().bucket(settings.FEED_BUCKET).blob(f"{settings.FEED_PREFIX}/latest.json.gz")
    latest.rewrite(blob)
    return f"gs://{settings.FEED_BUCKET}/{name}"
