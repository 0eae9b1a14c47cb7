import os
import socket
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    queues: tuple[str, ...] = field(
        default_factory=lambda: tuple(os.environ.get("QUEUES", "jobs:invoices,jobs:refunds").split(","))
    )
    ledgerly_url: str = field(default_factory=lambda: os.environ.get("LEDGERLY_URL", "https://api.ledgerly.io"))
    ledgerly_token: str = field(default_factory=lambda: os.environ.get("LEDGERLY_TOKEN", ""))
    heartbeat_path: str = field(
        default_factory=lambda: os.environ.get("HEARTBEAT_PATH", "/var/lib/invoice-sync/heartbeat.json")
    )
    heartbeat_interval: float = float(os.environ.get("HEARTBEAT_INTERVAL", "10"))
    depth_report_interval: float = float(os.environ.get("DEPTH_REPORT_INTERVAL", "60"))
    pop_timeout: int = int(os.environ.get("POP_TIMEOUT", "5"))
    worker_name: str = field(default_factory=lambda: os.environ.get("WORKER_NAME", socket.gethostname()))


def load() -> Settings:
    return Settings()
