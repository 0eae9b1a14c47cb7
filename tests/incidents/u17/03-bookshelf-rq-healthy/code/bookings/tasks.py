import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from rq import Retry

from .models import AuditEntry, Hold
from .queues import queue

log = logging.getLogger(__name__)

CLEANUP_RETRY = Retry(max=3, interval=[30, 120, 300])


def nightly_cleanup() -> list[str]:
    q = queue("maintenance")
    jobs = [
        q.enqueue(purge_expired_holds, retry=CLEANUP_RETRY),
        q.enqueue(clear_expired_sessions, retry=CLEANUP_RETRY),
        q.enqueue(prune_audit_log, settings.AUDIT_RETENTION_DAYS, retry=CLEANUP_RETRY),
    ]
    return [j.id for j in jobs]


def purge_expired_holds() -> int:
    with transaction.atomic():
        deleted, _ = Hold.objects.filter(
            fulfilled=False, expires_at__lt=timezone.now()
        ).delete()
    log.info("purged %d expired holds", deleted)
    return deleted


def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    log.info("cleared %d expired sessions", deleted)
    return deleted


def prune_audit_log(days: int) -> int:
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    log.info("pruned %d audit entries older than %s", deleted, cutoff.date())
    return deleted
