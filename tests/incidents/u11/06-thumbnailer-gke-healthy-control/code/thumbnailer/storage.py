from __future__ import annotations

from google.cloud import storage

from . import config

_bucket = None


def bucket():
    global _bucket
    if _bucket is None:
        _bucket = storage.Client().bucket(config.BUCKET)
    return _bucket


def fetch(key: str) -> bytes:
    return bucket().blob(key).download_as_bytes()


def store(key: str, data: bytes) -> None:
    bucket().blob(key).upload_from_string(data, content_type="image/webp")
