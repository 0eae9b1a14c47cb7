from django.http import JsonResponse
from django.shortcuts import aget_object_or_404

from .llm import draft_reply
from .models import Ticket


async def healthz(request):
    return JsonResponse({"ok": True})


async def ticket_detail(request, pk: int):
    ticket = await aget_object_or_404(Ticket, pk=pk)
    return JsonResponse(ticket.as_dict())


async def queue_tickets(request, queue: str):
    rows = [t.as_dict() async for t in Ticket.objects.filter(queue=queue, status="open").order_by("-created_at")[:50]]
    return JsonResponse({"queue": queue, "tickets": rows})


async def suggest_reply(request, pk: int):
    ticket = await aget_object_or_404(Ticket, pk=pk)
    draft = draft_reply(ticket.subject, ticket.body)
    return JsonResponse({"ticket": ticket.pk, "draft": draft})
