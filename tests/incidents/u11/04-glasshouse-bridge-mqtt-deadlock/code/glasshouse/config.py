from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class Config:
    mqtt_host: str = os.environ.get("MQTT_HOST", "127.0.0.1")
    mqtt_port: int = int(os.environ.get("MQTT_PORT", "1883"))
    mqtt_client_id: str = os.environ.get("MQTT_CLIENT_ID", "glasshouse-bridge")
    status_path: str = os.environ.get("STATUS_PATH", "/run/glasshouse-bridge/status.json")
    status_period_s: int = int(os.environ.get("STATUS_PERIOD_S", "30"))
    http_port: int = int(os.environ.get("HTTP_PORT", "9108"))
    vent_open_above_c: float = float(os.environ.get("VENT_OPEN_ABOVE_C", "29.0"))
    vent_close_below_c: float = float(os.environ.get("VENT_CLOSE_BELOW_C", "24.0"))
    zones: list[str] = field(
        default_factory=lambda: os.environ.get("ZONES", "z1,z2,z3,z4").split(",")
    )
