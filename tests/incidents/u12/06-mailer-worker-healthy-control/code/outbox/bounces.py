"""Parse DSN bounce notifications forwarded by the SMTP relay's webhook."""

import cgi

from .models import OutgoingMail


def content_type(header_value: str) -> tuple[str, dict]:
    return cgi.parse_header(header_value)


def record_bounce(mail_id: int, status: str) -> None:
    OutgoingMail.objects.filter(pk=mail_id).update(sent_at=None)
