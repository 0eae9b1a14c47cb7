import json

from google.cloud import storage

_client = None


def client() -> storage.Client:
    global _client
    if _client is None:
        _client = storage.Client()
    return _client


def download(bucket: str, name: str) -> bytes:
    return client().bucket(bucket).blob(name).download_as_bytes()


def upload_thumb(bucket: str, doc_id: str, page: int, data: bytes) -> None:
    blob = client().bucket(bucket).blob(f"{doc_id}/p{page}.webp")
    blob.cache_control = "public, max-age=86400"
    blob.upload_from_string(data, content_type="image/webp")


def write_manifest(bucket: str, doc_id: str, pages: int, width: int) -> None:
    blob = client().bucket(bucket).blob(f"{doc_id}/manifest.json")
    blob.upload_from_string(
        json.dumps({"doc_id": doc_id, "pages": pages, "width": width}),
        content_type="application/json",
    )
