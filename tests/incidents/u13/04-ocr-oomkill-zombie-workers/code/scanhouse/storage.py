import io

from google.cloud import storage

_client = None


def client() -> storage.Client:
    global _client
    if _client is None:
        _client = storage.Client()
    return _client


def read_bytes(bucket: str, name: str) -> bytes:
    return client().bucket(bucket).blob(name).download_as_bytes()


def write_text(bucket: str, name: str, text: str) -> None:
    client().bucket(bucket).blob(name).upload_from_file(io.BytesIO(text.encode()), content_type="text/plain")
