import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Config:
    listen_host: str = "0.0.0.0"
    listen_port: int = 4799
    status_path: str = "/var/lib/meterd/status.json"
    status_interval: float = 10.0
    uplink_url: str = "https://ingest.gridlytics.io/v1/readings"
    uplink_batch: int = 500
    site_id: str = "unknown"
    scale: dict | None = None


def load(path: str) -> Config:
    data = tomllib.loads(Path(path).read_text())
    return Config(**data.get("meterd", {}))
