from rates.pricing import with_margin


def test_margin_rounds_half_up():
    assert with_margin("100.00") == "112.50"
    assert with_margin(0.04) == "0.05"
