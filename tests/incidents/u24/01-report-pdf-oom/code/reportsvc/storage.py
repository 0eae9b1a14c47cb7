from google.cloud import pubsub_v1, storage

from .settings import settings

_gcs = None
_pub = None


def upload_pdf(path: str, data: bytes) -> str:
    global _gcs
    if _gcs is None:
        _gcs = storage.Client(project=settings.project_id)
    blob = _gcs.bucket(settings.reports_bucket).blob(path)
    blob.upload_from_string(data, content_type="application/pdf")
    return f"gs://{settings.reports_bucket}/{path}"


def notify_ready(account_id: str, uri: str) -> None:
    global _pub
    if _pub is None:
        _pub = pubsub_v1.PublisherClient()
    topic = _pub.topic_path(settings.project_id, settings.notify_topic)
    _pub.publish(topic, b"", account_id=account_id, uri=uri).result(timeout=30)
