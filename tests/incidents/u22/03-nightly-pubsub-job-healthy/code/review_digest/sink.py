from google.cloud import bigquery


class BigQuerySink:
    def __init__(self, table: str):
        self.table = table
        self.client = bigquery.Client()

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        errors = self.client.insert_rows_json(self.table, rows, row_ids=[r["review_id"] for r in rows])
        if errors:
            raise RuntimeError(f"BigQuery insert errors: {errors[:3]}")
