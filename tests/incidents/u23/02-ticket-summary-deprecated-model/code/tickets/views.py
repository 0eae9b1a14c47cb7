import django_rq
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tickets.models import Ticket


@login_required
def ticket_list(request):
    tickets = Ticket.objects.exclude(status=Ticket.Status.SOLVED).order_by("-updated_at")[:100]
    return render(request, "tickets/list.html", {"tickets": tickets})


@login_required
def ticket_detail(request, pk):
    ticket = get_object_or_404(Ticket.objects.prefetch_related("messages"), pk=pk)
    return render(request, "tickets/detail.html", {"ticket": ticket})


@login_required
@require_POST
def resummarise(request, pk):
    ticket = get_object_or_404(Ticket, pk=pk)
    django_rq.get_queue("summaries").enqueue("tickets.tasks.summarise_ticket", ticket.pk)
    return redirect("ticket-detail", pk=ticket.pk)


def healthz(request):
    return JsonResponse({"ok": True})
