import datetime as dt
import logging

from django.utils import timezone

from .models import Appointment, Clinic

log = logging.getLogger(__name__)


def free_slots(clinic: Clinic, day: dt.date) -> list[dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, clinic.opens, tzinfo=tz)
    end = dt.datetime.combine(day, clinic.closes, tzinfo=tz)
    minutes = int((end - start).total_seconds() // 60)
    # vets_on_duty parallel columns of slots
    per_vet = minutes // clinic.slot_minutes
    taken: dict[dt.datetime, int] = {}
    for starts_at in Appointment.objects.filter(clinic=clinic, starts_at__date=day).values_list("starts_at", flat=True):
        taken[starts_at] = taken.get(starts_at, 0) + 1
    slots = []
    for i in range(per_vet):
        at = start + dt.timedelta(minutes=i * clinic.slot_minutes)
        if taken.get(at, 0) < clinic.vets_on_duty:
            slots.append(at)
    log.debug("clinic %s %s: %d free of %d", clinic.slug, day, len(slots), per_vet * clinic.vets_on_duty)
    return slots
