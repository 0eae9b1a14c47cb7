from __future__ import annotations

from pathlib import Path


class LocalBlobs:
    def __init__(self, root: str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def put_pdf(self, name: str, data: bytes) -> str:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path.as_uri()


class GcsBlobs:
    def __init__(self, bucket: str) -> None:
        from google.cloud import storage

        self.bucket = storage.Client().bucket(bucket)

    def put_pdf(self, name: str, data: bytes) -> str:
        blob = self.bucket.blob(name)
        blob.upload_from_string(data, content_type="application/pdf")
        return f"gs://{self.bucket.name}/{name}"


def make_blobs(backend: str, bucket: str, local_dir: str):
    return LocalBlobs(local_dir) if backend == "local" else GcsBlobs(bucket)
