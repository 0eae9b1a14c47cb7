from datetime import timedelta

from google.cloud import storage

from ledgerly import settings

_client = None


def _bucket():
    global _client
    if _client is None:
        _client = storage.Client()
    return _client.bucket(settings.EXPORT_BUCKET)


def upload_export(path: str, key: str, content_type: str) -> str:
    blob = _bucket().blob(key)
    blob.upload_from_filename(path, content_type=content_type)
    return blob.generate_signed_url(expiration=timedelta(seconds=settings.EXPORT_LINK_TTL))
