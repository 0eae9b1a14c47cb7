import os

from google.cloud import storage

BUCKET = os.environ.get("REPORTS_BUCKET", "nw-reports-prod")

_client = None


def _bucket():
    global _client
    if _client is None:
        _client = storage.Client()
    return _client.bucket(BUCKET)


def upload_pdf(path: str, data: bytes) -> str:
    blob = _bucket().blob(path)
    blob.upload_from_string(data, content_type="application/pdf")
    return f"gs://{BUCKET}/{path}"
