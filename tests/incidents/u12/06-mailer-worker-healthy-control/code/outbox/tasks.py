import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .bounces import record_bounce  # noqa: F401  (bounce jobs share this module)
from .heartbeat import beat
from .models import OutgoingMail

log = logging.getLogger("outbox")


def deliver(mail_id: int) -> None:
    mail = OutgoingMail.objects.get(pk=mail_id)
    for attempt in range(1, settings.SMTP_ATTEMPTS + 1):
        mail.attempts = attempt
        try:
            send_mail(mail.subject, mail.body, "no-reply@tallowbrook.coop", [mail.to])
            break
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as exc:
            if attempt == settings.SMTP_ATTEMPTS:
                raise
            log.warning("retrying SMTP (attempt %d/%d) for mail %s: %s", attempt + 1, settings.SMTP_ATTEMPTS, mail_id, exc)
            time.sleep(2 * attempt)
    mail.sent_at = timezone.now()
    mail.save(update_fields=["sent_at", "attempts"])
    log.info("mail %s sent to %s", mail_id, mail.to)
    beat()
