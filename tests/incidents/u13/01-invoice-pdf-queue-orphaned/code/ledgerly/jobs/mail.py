import logging
import smtplib
from email.message import EmailMessage

from ledgerly import settings

log = logging.getLogger(__name__)


def send_receipt(to_addr: str, invoice_id: str) -> None:
    msg = EmailMessage()
    msg["From"] = "billing@ledgerly.io"
    msg["To"] = to_addr
    msg["Subject"] = f"Your receipt {invoice_id}"
    msg.set_content(f"Thanks! Invoice {invoice_id} is available in your dashboard.")
    with smtplib.SMTP(settings.SMTP_HOST) as s:
        s.send_message(msg)
    log.info("receipt %s sent to %s", invoice_id, to_addr)


def send_password_reset(to_addr: str, token: str) -> None:
    msg = EmailMessage()
    msg["From"] = "no-reply@ledgerly.io"
    msg["To"] = to_addr
    msg["Subject"] = "Reset your Ledgerly password"
    msg.set_content(f"https://app.ledgerly.io/reset/{token}")
    with smtplib.SMTP(settings.SMTP_HOST) as s:
        s.send_message(msg)
