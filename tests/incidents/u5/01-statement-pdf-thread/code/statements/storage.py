import datetime

from google.cloud import storage

from .config import settings

_client = None


def _bucket():
    global _client
    if _client is None:
        _client = storage.Client()
    return _client.bucket(settings.bucket)


def upload_pdf(account_id: str, period: str, data: bytes) -> str:
    blob = _bucket().blob(f"{account_id}/{period}.pdf")
    blob.upload_from_string(data, content_type="application/pdf")
    return blob.name


def signed_url(name: str) -> str:
    blob = _bucket().blob(name)
    return blob.generate_signed_url(
        expiration=datetime.timedelta(seconds=settings.signed_url_ttl), version="v4"
    )


def exists(account_id: str, period: str) -> bool:
    return _bucket().blob(f"{account_id}/{period}.pdf").exists()
