import logging

from django.conf import settings
from django.utils import timezone

from tickets.models import Ticket
from tickets.summariser import summarise

log = logging.getLogger(__name__)


def summarise_ticket(ticket_id: int) -> str:
    ticket = Ticket.objects.prefetch_related("messages").get(pk=ticket_id)
    if not ticket.messages.exists():
        log.info("ticket %s has no messages yet, skipping", ticket_id)
        return ""
    summary = summarise(ticket)
    ticket.summary = summary
    ticket.summary_model = settings.ANTHROPIC_MODEL
    ticket.summarised_at = timezone.now()
    ticket.save(update_fields=["summary", "summary_model", "summarised_at", "updated_at"])
    return summary


def close_stale_tickets(days: int = 14) -> int:
    cutoff = timezone.now() - timezone.timedelta(days=days)
    closed = Ticket.objects.filter(status=Ticket.Status.PENDING, updated_at__lt=cutoff).update(
        status=Ticket.Status.SOLVED
    )
    log.info("closed %d pending tickets idle for %d days", closed, days)
    return closed
