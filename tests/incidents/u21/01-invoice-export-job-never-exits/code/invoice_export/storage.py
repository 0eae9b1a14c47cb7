import logging

from google.cloud import storage

log = logging.getLogger(__name__)
_client = None


def upload(bucket: str, name: str, data: bytes) -> str:
    global _client
    if _client is None:
        _client = storage.Client()
    blob = _client.bucket(bucket).blob(name)
    blob.upload_from_string(data, content_type="text/csv")
    uri = f"gs://{bucket}/{name}"
    log.info("uploaded %s (%d bytes)", uri, len(data))
    return uri
