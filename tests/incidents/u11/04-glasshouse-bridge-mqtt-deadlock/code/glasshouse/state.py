from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Zone:
    name: str
    temp_c: float | None = None
    humidity: float | None = None
    vent: str = "unknown"
    last_reading: str | None = None

    def as_dict(self) -> dict:
        return {
            "temp_c": self.temp_c,
            "humidity": self.humidity,
            "vent": self.vent,
            "last_reading": self.last_reading,
        }


def vent_decision(zone: Zone, open_above: float, close_below: float) -> str | None:
    """Return 'open'/'close' when the vent should move, else None (hysteresis)."""
    if zone.temp_c is None:
        return None
    if zone.temp_c >= open_above and zone.vent != "open":
        return "open"
    if zone.temp_c <= close_below and zone.vent != "closed":
        return "close"
    return None
