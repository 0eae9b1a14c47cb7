import django_rq
from django.db.models.signals import post_save
from django.dispatch import receiver

from tickets.models import Message


@receiver(post_save, sender=Message)
def queue_summary(sender, instance, created, **kwargs):
    if created and not instance.is_agent:
        django_rq.get_queue("summaries").enqueue(
            "tickets.tasks.summarise_ticket", instance.ticket_id, job_timeout=120, result_ttl=3600
        )
