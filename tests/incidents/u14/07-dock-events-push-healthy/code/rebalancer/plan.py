"""Decide whether a dock needs a van visit and which nearby docks can give/take bikes."""

from dataclasses import dataclass


@dataclass
class DockState:
    station_id: str
    bikes: int
    capacity: int

    @property
    def fill(self) -> float:
        return self.bikes / self.capacity if self.capacity else 0.0


def needs_visit(state: DockState, low: float, high: float) -> str | None:
    if state.fill <= low:
        return "fill"
    if state.fill >= high:
        return "empty"
    return None


def bikes_to_move(state: DockState, target: float = 0.5) -> int:
    return abs(round(state.capacity * target) - state.bikes)
