from __future__ import annotations

import os
from dataclasses import dataclass


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Config:
    project: str
    subscription: str
    model: str
    max_outstanding: int
    hold_below: float
    sweep_every_s: float
    max_hold_attempts: int
    status_path: str
    heartbeat_every_s: float

    @property
    def subscription_path(self) -> str:
        return f"projects/{self.project}/subscriptions/{self.subscription}"


def load() -> Config:
    return Config(
        project=os.environ["GOOGLE_CLOUD_PROJECT"],
        subscription=os.environ.get("FARECHECK_SUBSCRIPTION", "fare-disputes-triage"),
        model=os.environ.get("FARECHECK_MODEL", "claude-haiku-4-5"),
        max_outstanding=int(os.environ.get("FARECHECK_MAX_OUTSTANDING", "8")),
        hold_below=_float("FARECHECK_HOLD_BELOW", 0.75),
        sweep_every_s=_float("FARECHECK_SWEEP_EVERY_S", 120),
        max_hold_attempts=int(os.environ.get("FARECHECK_MAX_HOLD_ATTEMPTS", "3")),
        status_path=os.environ.get("FARECHECK_STATUS_PATH", "/var/run/farecheck/status.json"),
        heartbeat_every_s=_float("FARECHECK_HEARTBEAT_EVERY_S", 15),
    )
