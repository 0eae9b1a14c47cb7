import io
import json
import logging
import os

log = logging.getLogger(__name__)


class BigQuerySink:
    def __init__(self, table: str):
        from google.cloud import bigquery

        self.bq = bigquery
        self.client = bigquery.Client()
        self.table = table

    def partition(self, day):
        return f"{self.table}${day:%Y%m%d}"

    def truncate(self, day):
        job = self.client.query(f"DELETE FROM `{self.table}` WHERE DATE(issued_at) = '{day:%Y-%m-%d}'")
        job.result()
        return job.num_dml_affected_rows or 0

    def load(self, day, rows):
        data = io.BytesIO("\n".join(json.dumps(r) for r in rows).encode())
        config = self.bq.LoadJobConfig(
            source_format=self.bq.SourceFormat.NEWLINE_DELIMITED_JSON,
            write_disposition=self.bq.WriteDisposition.WRITE_APPEND,
        )
        job = self.client.load_table_from_file(data, self.partition(day), job_config=config)
        job.result()
        return job.output_rows


class JsonlSink:
    """Local runs: writes one file per day under EXPORT_DIR."""

    def __init__(self, table: str):
        self.dir = os.environ.get("EXPORT_DIR", "./out")
        os.makedirs(self.dir, exist_ok=True)
        self.table = table

    def partition(self, day):
        return f"{self.table}${day:%Y%m%d}"

    def truncate(self, day):
        path = os.path.join(self.dir, f"{day:%Y%m%d}.jsonl")
        if os.path.exists(path):
            os.remove(path)
        return 0

    def load(self, day, rows):
        with open(os.path.join(self.dir, f"{day:%Y%m%d}.jsonl"), "a") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        return len(rows)


def make_sink(table):
    return JsonlSink(table) if os.environ.get("SINK") == "jsonl" else BigQuerySink(table)
