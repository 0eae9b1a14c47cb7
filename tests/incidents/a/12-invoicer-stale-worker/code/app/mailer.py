import os
import smtplib
from email.message import EmailMessage

from jinja2 import Environment, PackageLoader

env = Environment(loader=PackageLoader("app", "templates"))


def send_mail(to: str, subject: str, template: str, ctx: dict) -> None:
    msg = EmailMessage()
    msg["From"] = os.environ.get("MAIL_FROM", "billing@invoicer.example")
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(env.get_template(template).render(invoice=ctx))
    with smtplib.SMTP(os.environ.get("SMTP_HOST", "smtp-relay"), 587) as s:
        s.starttls()
        s.send_message(msg)
