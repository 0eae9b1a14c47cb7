import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    inbox: Path
    archive: Path
    heartbeat_file: Path
    queue_size: int
    health_port: int
    heartbeat_every_s: float


def load() -> Config:
    return Config(
        inbox=Path(os.environ.get("SCAN_INBOX", "/srv/sftp/scanners/inbox")),
        archive=Path(os.environ.get("SCAN_ARCHIVE", "/mnt/slides/archive")),
        heartbeat_file=Path(os.environ.get("HEARTBEAT_FILE", "/var/lib/scan-intake/heartbeat.json")),
        queue_size=int(os.environ.get("QUEUE_SIZE", "64")),
        health_port=int(os.environ.get("HEALTH_PORT", "8087")),
        heartbeat_every_s=float(os.environ.get("HEARTBEAT_EVERY_S", "15")),
    )
