import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    port: int
    partner_url: str
    partner_token: str
    partner_timeout_s: float
    log_level: str


def load() -> Config:
    return Config(
        port=int(os.environ.get("PORT", "8080")),
        partner_url=os.environ.get("PARTNER_URL", "http://127.0.0.1:9090"),
        partner_token=os.environ.get("PARTNER_TOKEN", ""),
        partner_timeout_s=float(os.environ.get("PARTNER_TIMEOUT_S", "10")),
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
    )
