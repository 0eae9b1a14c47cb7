from datetime import date

from ledgersync.db import Entry, Settlement
from ledgersync.matching import match_entries


def test_exact_reference_wins():
    e = Entry(1, 7, 1000, date(2026, 11, 2), "TX-AAAA1111")
    s1 = Settlement(10, 7, 1000, date(2026, 11, 2), "TX-AAAA1111")
    s2 = Settlement(11, 7, 1000, date(2026, 11, 2), "TX-BBBB2222")
    result = match_entries([e], [s2, s1])
    assert result.matched == [(e, s1)]


def test_amount_outside_tolerance_is_unmatched():
    e = Entry(1, 7, 1000, date(2026, 11, 2), "TX-AAAA1111")
    s = Settlement(10, 7, 1100, date(2026, 11, 2), "TX-AAAA1111")
    result = match_entries([e], [s])
    assert result.unmatched == [e]


def test_settlement_used_once():
    e1 = Entry(1, 7, 1000, date(2026, 11, 2), "")
    e2 = Entry(2, 7, 1000, date(2026, 11, 2), "")
    s = Settlement(10, 7, 1000, date(2026, 11, 2), "")
    result = match_entries([e1, e2], [s])
    assert len(result.matched) == 1 and len(result.unmatched) == 1
