from telemetry_bridge.thresholds import breach


def test_within_limits():
    assert breach("boiler_temp_c", 80.0) is None


def test_high_and_low():
    assert breach("boiler_temp_c", 97.0) == "high"
    assert breach("line_pressure_bar", 0.4) == "low"


def test_unknown_sensor_never_alarms():
    assert breach("humidity_pct", 1e9) is None
