import math

BBOXES = {
    "bavaria": (8.97, 47.27, 13.84, 50.56),
    "tyrol": (10.10, 46.65, 12.97, 47.75),
    "lombardy": (8.50, 44.68, 11.43, 46.64),
    "catalonia": (0.16, 40.52, 3.33, 42.86),
}


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def tiles_for(region: str, z: int) -> list[tuple[int, int]]:
    w, s, e, n = BBOXES[region]
    x0, y0 = _tile(w, n, z)
    x1, y1 = _tile(e, s, z)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
