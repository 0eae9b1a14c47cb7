import logging

import requests
from jinja2 import Environment, PackageLoader, select_autoescape

from . import settings

log = logging.getLogger(__name__)
_env = Environment(loader=PackageLoader("app", "templates"), autoescape=select_autoescape())


def send_email(to: str, template: str, context: dict) -> str:
    html = _env.get_template(f"{template}.html").render(**context)
    subject = _env.get_template(f"{template}.subject.txt").render(**context).strip()
    r = requests.post(
        settings.MAIL_API_URL,
        json={"From": settings.MAIL_FROM, "To": to, "Subject": subject, "HtmlBody": html},
        timeout=15,
    )
    r.raise_for_status()
    return r.json().get("MessageID", "")
