import tempfile
from pathlib import Path

from django.conf import settings


def download(blob_name: str) -> Path:
    from google.cloud import storage

    client = storage.Client()
    blob = client.bucket(settings.MANIFEST_BUCKET).blob(blob_name)
    fd, name = tempfile.mkstemp(suffix=".pdf", prefix="manifest-")
    with open(fd, "wb") as fh:
        blob.download_to_file(fh, timeout=120)
    return Path(name)


def upload(blob_name: str, data: bytes, content_type: str = "application/pdf") -> None:
    from google.cloud import storage

    client = storage.Client()
    client.bucket(settings.MANIFEST_BUCKET).blob(blob_name).upload_from_string(
        data, content_type=content_type, timeout=120
    )
