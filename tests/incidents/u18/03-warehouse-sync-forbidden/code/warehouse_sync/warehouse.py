import datetime as dt
import logging

from google.cloud import bigquery

log = logging.getLogger(__name__)

EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


class Warehouse:
    def __init__(self, project: str, dataset: str, location: str):
        self.client = bigquery.Client(project=project, location=location)
        self.dataset = f"{project}.{dataset}"

    def watermark(self, table: str) -> dt.datetime:
        sql = f"SELECT MAX(updated_at) AS wm FROM `{self.dataset}.{table}`"
        rows = list(self.client.query(sql).result())
        return rows[0]["wm"] or EPOCH

    def stage(self, table: str, rows: list[dict]) -> int:
        staging = f"{self.dataset}._stage_{table}"
        job = self.client.load_table_from_json(
            rows,
            staging,
            job_config=bigquery.LoadJobConfig(
                write_disposition="WRITE_APPEND",
                autodetect=False,
                schema=self.client.get_table(f"{self.dataset}.{table}").schema,
            ),
        )
        job.result()
        return job.output_rows or 0

    def merge(self, table: str, key: str = "id") -> int:
        target = f"{self.dataset}.{table}"
        staging = f"{self.dataset}._stage_{table}"
        cols = [f.name for f in self.client.get_table(target).schema]
        set_clause = ", ".join(f"T.{c} = S.{c}" for c in cols if c != key)
        sql = f"""
        MERGE `{target}` T
        USING (SELECT * EXCEPT(rn) FROM (
                 SELECT *, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY updated_at DESC) rn
                 FROM `{staging}`) WHERE rn = 1) S
        ON T.{key} = S.{key}
        WHEN MATCHED THEN UPDATE SET {set_clause}
        WHEN NOT MATCHED THEN INSERT ROW
        """
        job = self.client.query(sql)
        job.result()
        self.client.query(f"TRUNCATE TABLE `{staging}`").result()
        return job.num_dml_affected_rows or 0
