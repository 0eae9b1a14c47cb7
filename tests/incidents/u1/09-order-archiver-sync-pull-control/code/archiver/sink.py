import datetime as dt
import gzip
import io
import json
import os


class GcsSink:
    def __init__(self, bucket: str, prefix: str = "order-events") -> None:
        self.bucket, self.prefix = bucket, prefix

    def write(self, records: list[dict], part: int) -> str:
        now = dt.datetime.now(dt.timezone.utc)
        name = f"{self.prefix}/dt={now:%Y-%m-%d}/hour={now:%H}/part-{os.environ.get('CLOUD_RUN_EXECUTION', 'local')}-{part:04d}.json.gz"
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
            for rec in records:
                gz.write(json.dumps(rec, separators=(",", ":")).encode() + b"\n")
        if os.environ.get("ARCHIVER_DRY_RUN") != "1":
            from google.cloud import storage

            storage.Client().bucket(self.bucket).blob(name).upload_from_string(
                buf.getvalue(), content_type="application/gzip"
            )
        return name
