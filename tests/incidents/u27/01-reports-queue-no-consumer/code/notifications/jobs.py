import logging

from django.core.mail import send_mail

log = logging.getLogger(__name__)


def send_notification(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [to], fail_silently=False)
    log.info("sent %r to %s", subject, to)
