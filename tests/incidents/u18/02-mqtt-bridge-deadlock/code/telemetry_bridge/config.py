import os
import socket
from dataclasses import dataclass, field


def _env(name, default):
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Config:
    mqtt_host: str = field(default_factory=lambda: _env("MQTT_HOST", "mosquitto.iot.svc.cluster.local"))
    mqtt_port: int = field(default_factory=lambda: int(_env("MQTT_PORT", "1883")))
    mqtt_username: str = field(default_factory=lambda: _env("MQTT_USERNAME", "telemetry-bridge"))
    mqtt_password: str = field(default_factory=lambda: _env("MQTT_PASSWORD", ""))
    mqtt_topic: str = field(default_factory=lambda: _env("MQTT_TOPIC", "plants/+/telemetry"))
    mqtt_keepalive: int = field(default_factory=lambda: int(_env("MQTT_KEEPALIVE", "30")))
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL", "redis://redis.iot.svc.cluster.local:6379/0"))
    http_port: int = field(default_factory=lambda: int(_env("HTTP_PORT", "8080")))
    heartbeat_every: float = field(default_factory=lambda: float(_env("HEARTBEAT_SECONDS", "15")))
    instance: str = field(default_factory=lambda: _env("POD_NAME", socket.gethostname()))
    alarm_qos: int = 1
