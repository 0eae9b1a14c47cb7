from __future__ import annotations

from pathlib import Path


def store(bucket: str, name: str, data: bytes) -> str:
    if not bucket:
        out = Path("exports") / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return str(out)
    from google.cloud import storage

    blob = storage.Client().bucket(bucket).blob(name)
    blob.upload_from_string(data, content_type="text/csv")
    return f"gs://{bucket}/{name}"
