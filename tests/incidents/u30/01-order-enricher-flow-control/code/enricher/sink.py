import logging
import os

log = logging.getLogger(__name__)


class BigQuerySink:
    def __init__(self, table: str):
        from google.cloud import bigquery

        self.table = table
        self.client = bigquery.Client()

    def write(self, row: dict) -> None:
        errors = self.client.insert_rows_json(self.table, [row], row_ids=[row["order_id"]])
        if errors:
            raise RuntimeError(f"insert_rows_json failed: {errors}")


class LogSink:
    """Local development sink."""

    def __init__(self, table: str = ""):
        self.rows = []

    def write(self, row: dict) -> None:
        self.rows.append(row)


def make_sink(table: str):
    if os.environ.get("SINK", "bigquery") == "log":
        return LogSink(table)
    return BigQuerySink(table)
