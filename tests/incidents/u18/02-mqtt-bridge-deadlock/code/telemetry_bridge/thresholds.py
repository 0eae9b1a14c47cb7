# Limits per sensor kind; a reading outside (low, high) raises an alarm for the plant.
LIMITS = {
    "boiler_temp_c": (40.0, 96.0),
    "line_pressure_bar": (1.2, 8.5),
    "tank_level_pct": (5.0, 97.0),
    "vibration_mm_s": (0.0, 11.0),
}


def breach(sensor: str, value: float):
    low, high = LIMITS.get(sensor, (float("-inf"), float("inf")))
    if value < low:
        return "low"
    if value > high:
        return "high"
    return None
