"""Watermark persisted in GCS."""
import json
from datetime import datetime, timezone


class WatermarkStore:
    def __init__(self, bucket: str, blob: str = "watermark.json"):
        from google.cloud import storage

        self._blob = storage.Client().bucket(bucket).blob(blob)

    def load(self) -> datetime:
        data = json.loads(self._blob.download_as_text(timeout=30))
        return datetime.fromisoformat(data["updated_since"]).astimezone(timezone.utc)

    def save(self, ts: datetime) -> None:
        self._blob.upload_from_string(
            json.dumps({"updated_since": ts.isoformat()}), content_type="application/json", timeout=30
        )
