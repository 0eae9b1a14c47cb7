import os

from google.cloud import bigquery

TABLE = os.environ.get("ENRICHED_TABLE", "trailmark-data.activity.enriched_points")
_client = None


def write_rows(rows: list[dict]) -> None:
    global _client
    if _client is None:
        _client = bigquery.Client()
    errors = _client.insert_rows_json(TABLE, rows)
    if errors:
        raise RuntimeError(f"bigquery insert errors: {errors[:3]}")
