import datetime as dt
import json
import logging

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .availability import free_slots
from .models import Appointment, Clinic

log = logging.getLogger(__name__)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@require_GET
def slots(request: HttpRequest, slug: str) -> JsonResponse:
    clinic = get_object_or_404(Clinic, slug=slug)
    day = dt.date.fromisoformat(request.GET.get("date", dt.date.today().isoformat()))
    return JsonResponse({"clinic": clinic.slug, "date": day.isoformat(), "slots": [s.isoformat() for s in free_slots(clinic, day)]})


@csrf_exempt
@require_POST
def book(request: HttpRequest, slug: str) -> JsonResponse:
    clinic = get_object_or_404(Clinic, slug=slug)
    body = json.loads(request.body)
    appt = Appointment.objects.create(
        clinic=clinic,
        starts_at=dt.datetime.fromisoformat(body["starts_at"]),
        pet_name=body["pet_name"],
        owner_email=body["owner_email"],
        reason=body.get("reason", ""),
    )
    log.info("booked appointment %s at %s for %s", appt.pk, clinic.slug, appt.starts_at)
    return JsonResponse({"id": appt.pk}, status=201)


def book_page(request: HttpRequest, slug: str):
    from django.shortcuts import render

    clinic = get_object_or_404(Clinic, slug=slug)
    return render(request, "bookings/book.html", {"clinic": clinic})
