from glasshouse.state import Zone, vent_decision


def test_opens_when_hot():
    assert vent_decision(Zone("z1", temp_c=30.2, vent="closed"), 29.0, 24.0) == "open"


def test_hysteresis_band_does_nothing():
    assert vent_decision(Zone("z1", temp_c=26.0, vent="open"), 29.0, 24.0) is None
    assert vent_decision(Zone("z1", temp_c=26.0, vent="closed"), 29.0, 24.0) is None


def test_closes_when_cool():
    assert vent_decision(Zone("z1", temp_c=23.5, vent="open"), 29.0, 24.0) == "close"


def test_unknown_temperature():
    assert vent_decision(Zone("z1"), 29.0, 24.0) is None
