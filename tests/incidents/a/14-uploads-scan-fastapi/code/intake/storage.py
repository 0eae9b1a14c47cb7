import asyncio

from google.cloud import storage

_bucket = storage.Client().bucket("docvault-intake")


async def put_object(path: str, data: bytes, content_type: str | None) -> str:
    blob = _bucket.blob(path)
    await asyncio.to_thread(blob.upload_from_string, data, content_type=content_type or "application/octet-stream")
    return f"gs://docvault-intake/{path}"
