import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    project: str
    subscription: str
    sink_backend: str
    bq_table: str
    jsonl_path: str
    flush_every: int
    max_messages: int

    @property
    def subscription_path(self) -> str:
        return f"projects/{self.project}/subscriptions/{self.subscription}"


def load() -> Config:
    return Config(
        project=os.environ["GCP_PROJECT"],
        subscription=os.environ.get("SUBSCRIPTION", "meter-readings-warehouse"),
        sink_backend=os.environ.get("SINK_BACKEND", "bigquery"),
        bq_table=os.environ.get("BQ_TABLE", "telemetry.meter_readings_raw"),
        jsonl_path=os.environ.get("JSONL_PATH", "/tmp/readings.jsonl"),
        flush_every=int(os.environ.get("FLUSH_EVERY", "500")),
        max_messages=int(os.environ.get("MAX_OUTSTANDING", "2000")),
    )
