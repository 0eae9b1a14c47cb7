"""Reading scans and writing packets, from GCS in production or a folder in dev."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterator

from claimdocs import settings


def _is_gcs(uri: str) -> bool:
    return uri.startswith("gs://")


def _split(uri: str) -> tuple[str, str]:
    bucket, _, prefix = uri[len("gs://") :].partition("/")
    return bucket, prefix


def list_scans(claim_id: str) -> list[str]:
    src = settings.SCAN_SOURCE
    if _is_gcs(src):
        from google.cloud import storage

        bucket, prefix = _split(src)
        client = storage.Client()
        blobs = client.list_blobs(bucket, prefix=f"{prefix}/{claim_id}/")
        return sorted(f"gs://{bucket}/{b.name}" for b in blobs if not b.name.endswith("/"))
    folder = Path(src) / claim_id
    return sorted(str(p) for p in folder.iterdir() if p.is_file())


def read_bytes(uri: str) -> bytes:
    if _is_gcs(uri):
        from google.cloud import storage

        bucket, name = _split(uri)
        return storage.Client().bucket(bucket).blob(name).download_as_bytes()
    return Path(uri).read_bytes()


def iter_scan_bytes(claim_id: str) -> Iterator[tuple[str, bytes]]:
    for uri in list_scans(claim_id):
        yield uri, read_bytes(uri)


def write_packet(claim_id: str, data: bytes) -> str:
    sink = settings.PACKET_SINK
    name = f"{claim_id}.pdf"
    if _is_gcs(sink):
        from google.cloud import storage

        bucket, prefix = _split(sink)
        blob = storage.Client().bucket(bucket).blob(f"{prefix}/{name}")
        blob.upload_from_file(io.BytesIO(data), content_type="application/pdf")
        return f"gs://{bucket}/{prefix}/{name}"
    os.makedirs(sink, exist_ok=True)
    out = Path(sink) / name
    out.write_bytes(data)
    return str(out)
