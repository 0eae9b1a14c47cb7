import os
from pathlib import Path


class LocalStorage:
    def __init__(self, root: str):
        self.root = Path(root)

    def read(self, key: str) -> bytes:
        return (self.root / key).read_bytes()

    def write(self, key: str, data: bytes, content_type: str) -> None:
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class GCSStorage:
    def __init__(self, bucket: str):
        from google.cloud import storage

        self.bucket = storage.Client().bucket(bucket)

    def read(self, key: str) -> bytes:
        return self.bucket.blob(key).download_as_bytes(timeout=60)

    def write(self, key: str, data: bytes, content_type: str) -> None:
        blob = self.bucket.blob(key)
        blob.cache_control = "public, max-age=31536000, immutable"
        blob.upload_from_string(data, content_type=content_type, timeout=120)


_storage = None


def get_storage():
    global _storage
    if _storage is None:
        if os.environ.get("STORAGE_BACKEND", "gcs") == "local":
            _storage = LocalStorage(os.environ.get("LOCAL_STORAGE_ROOT", "/tmp/media"))
        else:
            _storage = GCSStorage(os.environ["MEDIA_BUCKET"])
    return _storage
