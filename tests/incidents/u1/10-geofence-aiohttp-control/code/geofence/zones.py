import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Zone:
    zone_id: str
    name: str
    ring: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lng: float) -> bool:
        inside = False
        pts = self.ring
        j = len(pts) - 1
        for i in range(len(pts)):
            yi, xi = pts[i]
            yj, xj = pts[j]
            if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside


def load(path: Path) -> list[Zone]:
    data = json.loads(path.read_text())
    return [Zone(f["id"], f["name"], tuple(tuple(p) for p in f["ring"])) for f in data["zones"]]
