import logging
import smtplib
import time

from django.core.mail import send_mail

from bookings.models import Hold

log = logging.getLogger(__name__)


def send_hold_confirmation(hold_id: int) -> str:
    hold = Hold.objects.select_related("book", "user").get(pk=hold_id)
    subject = f"Your hold on {hold.book.title}"
    body = (f"Hi {hold.user.first_name or hold.user.username},\n\n"
            f"We are holding \"{hold.book.title}\" for you until "
            f"{hold.expires_at:%d %b %Y}.\n")
    for attempt in range(3):
        try:
            send_mail(subject, body, None, [hold.user.email])
            return hold.user.email
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code < 400 or exc.smtp_code >= 500 or attempt == 2:
                raise
            log.warning("mail relay answered %s %s, retrying in 5s",
                        exc.smtp_code, exc.smtp_error.decode(errors="replace"))
            time.sleep(5)
