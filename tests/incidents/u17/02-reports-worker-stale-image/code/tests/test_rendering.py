from datetime import date

from reports.rendering import quarter


def test_quarter_bounds():
    p = quarter(2026, 4)
    assert p.start == date(2026, 10, 1)
    assert p.end == date(2027, 1, 1)
    assert quarter(2026, 1).end == date(2026, 4, 1)
