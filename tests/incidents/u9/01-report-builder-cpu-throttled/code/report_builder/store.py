"""Report status bookkeeping and PDF upload to Cloud Storage."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from google.cloud import storage

from .settings import settings

_client: storage.Client | None = None


def client() -> storage.Client:
    global _client
    if _client is None:
        _client = storage.Client(project=settings.project_id)
    return _client


def _status_blob(report_id: str) -> storage.Blob:
    return client().bucket(settings.bucket).blob(f"status/{report_id}.json")


def write_status(report_id: str, state: str, **extra: Any) -> None:
    body = {
        "report_id": report_id,
        "state": state,
        "updated_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        **extra,
    }
    _status_blob(report_id).upload_from_string(json.dumps(body), content_type="application/json")


def read_status(report_id: str) -> dict[str, Any] | None:
    blob = _status_blob(report_id)
    if not blob.exists():
        return None
    return json.loads(blob.download_as_text())


def upload_pdf(report_id: str, account_id: str, data: bytes) -> str:
    blob = client().bucket(settings.bucket).blob(f"reports/{account_id}/{report_id}.pdf")
    blob.upload_from_string(data, content_type="application/pdf")
    return f"gs://{settings.bucket}/{blob.name}"
