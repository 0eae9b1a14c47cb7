import csv
import io
import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from .forms import ExportForm
from .models import Appointment

log = logging.getLogger(__name__)

HEADER = ["appointment_id", "starts_at", "clinic", "region", "practitioner", "patient_mrn",
          "status", "invoice_total"]


@login_required
def dashboard(request):
    return render(request, "reporting/dashboard.html", {"form": ExportForm()})


@login_required
def export_appointments(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_json(), content_type="application/json")

    qs = Appointment.objects.filter(
        starts_at__date__gte=form.cleaned_data["date_from"],
        starts_at__date__lte=form.cleaned_data["date_to"],
    ).order_by("starts_at")
    if form.cleaned_data["region"]:
        qs = qs.filter(clinic__region=form.cleaned_data["region"])

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    rows = 0
    for appt in qs:
        writer.writerow([
            appt.pk,
            appt.starts_at.isoformat(),
            appt.clinic.name,
            appt.clinic.region,
            appt.practitioner.full_name,
            appt.patient.mrn,
            appt.get_status_display(),
            appt.invoice_total(),
        ])
        rows += 1

    log.info("appointments export by %s: %d rows (%s..%s, region=%s)", request.user.username, rows,
             form.cleaned_data["date_from"], form.cleaned_data["date_to"],
             form.cleaned_data["region"] or "all")
    filename = f"appointments_{form.cleaned_data['date_from']}_{form.cleaned_data['date_to']}.csv"
    response = HttpResponse(buf.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
