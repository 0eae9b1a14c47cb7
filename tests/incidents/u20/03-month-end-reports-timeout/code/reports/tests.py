from datetime import datetime, timezone

from django.test import TestCase

from reports.jobs import _period_bounds


class PeriodTests(TestCase):
    def test_bounds(self):
        start, end = _period_bounds("2026-11")
        self.assertEqual(start, datetime(2026, 11, 1, tzinfo=timezone.utc))
        self.assertEqual(end, datetime(2026, 12, 1, tzinfo=timezone.utc))

    def test_december_rolls_over(self):
        _, end = _period_bounds("2026-12")
        self.assertEqual(end, datetime(2027, 1, 1, tzinfo=timezone.utc))
