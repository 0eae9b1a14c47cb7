import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    spool_dir: str
    out_dir: str
    heartbeat_path: str
    fetchers: int
    queue_batches: int
    segment_max_bytes: int
    heartbeat_every: float


def load() -> Settings:
    return Settings(
        spool_dir=os.environ.get("COMPACTOR_SPOOL", "/var/spool/fieldwire/incoming"),
        out_dir=os.environ.get("COMPACTOR_OUT", "/srv/fieldwire/segments"),
        heartbeat_path=os.environ.get("COMPACTOR_HEARTBEAT", "/run/fieldwire/compactor-heartbeat.json"),
        fetchers=int(os.environ.get("COMPACTOR_FETCHERS", "4")),
        queue_batches=int(os.environ.get("COMPACTOR_QUEUE_BATCHES", "2000")),
        segment_max_bytes=int(os.environ.get("COMPACTOR_SEGMENT_MAX_BYTES", str(64 * 1024 * 1024))),
        heartbeat_every=float(os.environ.get("COMPACTOR_HEARTBEAT_EVERY", "10")),
    )
