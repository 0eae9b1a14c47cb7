from dataclasses import dataclass
import os


@dataclass(frozen=True)
class Config:
    project: str
    subscription: str
    bq_table: str
    batch_size: int


def load() -> Config:
    return Config(
        project=os.environ.get("GOOGLE_CLOUD_PROJECT", "kestrel-data"),
        subscription=os.environ.get("SENSOR_SUBSCRIPTION", "sensor-readings-ingest"),
        bq_table=os.environ.get("BQ_TABLE", "kestrel-data.telemetry.readings_raw"),
        batch_size=int(os.environ.get("BATCH_SIZE", "500")),
    )
