import json
import logging

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import assist
from .models import Ticket

log = logging.getLogger(__name__)


def _as_dict(t):
    return {
        "id": t.id,
        "created_at": t.created_at.isoformat(),
        "clinic": t.clinic,
        "subject": t.subject,
        "summary": t.summary,
        "queue": t.queue,
        "urgent": t.urgent,
    }


@require_GET
def healthz(request):
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def tickets(request):
    if request.method == "GET":
        qs = Ticket.objects.all()
        if queue := request.GET.get("queue"):
            qs = qs.filter(queue=queue)
        return JsonResponse({"tickets": [_as_dict(t) for t in qs[:50]]})

    try:
        data = json.loads(request.body)
        subject, body = data["subject"].strip(), data["body"].strip()
    except (ValueError, KeyError, AttributeError):
        return HttpResponseBadRequest("subject and body are required")

    ticket = Ticket(
        clinic=data.get("clinic", "unknown"),
        reporter_email=data.get("email", ""),
        subject=subject,
        body=body,
    )
    result = assist.triage(subject, body)
    ticket.summary = result.get("summary", "")
    ticket.queue = result.get("queue") if result.get("queue") in Ticket.Queue.values else Ticket.Queue.OTHER
    ticket.urgent = bool(result.get("urgent"))
    ticket.save()
    log.info("ticket created", extra={"ticket_id": ticket.id, "clinic": ticket.clinic, "queue": ticket.queue})
    return JsonResponse(_as_dict(ticket), status=201)


@require_GET
def ticket_detail(request, pk):
    return JsonResponse(_as_dict(get_object_or_404(Ticket, pk=pk)))
