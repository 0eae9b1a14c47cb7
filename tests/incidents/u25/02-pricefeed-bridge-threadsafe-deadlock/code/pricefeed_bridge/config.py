import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Config:
    redis_url: str = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
    channel_pattern: str = os.environ.get("PRICE_CHANNEL_PATTERN", "prices.*")
    partner_url: str = os.environ.get("PARTNER_WEBHOOK_URL", "http://localhost:8081/v1/prices")
    partner_token: str = os.environ.get("PARTNER_WEBHOOK_TOKEN", "")
    snapshot_key: str = os.environ.get("SNAPSHOT_KEY", "pricefeed:snapshot")
    snapshot_interval: float = float(os.environ.get("SNAPSHOT_INTERVAL_SECONDS", "30"))
    heartbeat_path: str = os.environ.get("HEARTBEAT_PATH", "/var/run/bridge/heartbeat.json")
    heartbeat_interval: float = float(os.environ.get("HEARTBEAT_INTERVAL_SECONDS", "15"))
    health_port: int = int(os.environ.get("HEALTH_PORT", "8080"))
    log_level: str = os.environ.get("LOG_LEVEL", "INFO")
