import datetime as dt

from django.test import TestCase

from bookings.availability import free_slots
from bookings.models import Clinic


class FreeSlotsTests(TestCase):
    def test_two_vets_double_the_slots(self):
        c = Clinic.objects.create(slug="x", name="X", opens=dt.time(9), closes=dt.time(10), vets_on_duty=2, slot_minutes=15)
        self.assertEqual(len(free_slots(c, dt.date(2026, 12, 3))), 4)
