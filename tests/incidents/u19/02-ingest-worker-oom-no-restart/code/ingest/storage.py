from google.cloud import storage as gcs

from .settings import LANDING_BUCKET

_client = None


def _bucket():
    global _client
    if _client is None:
        _client = gcs.Client()
    return _client.bucket(LANDING_BUCKET)


def download(object_name: str) -> bytes:
    return _bucket().blob(object_name).download_as_bytes()
