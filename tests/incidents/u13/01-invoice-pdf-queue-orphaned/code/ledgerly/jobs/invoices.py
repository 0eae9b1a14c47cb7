"""Render an invoice to PDF and store it next to the customer's account."""

import logging
import os
from decimal import Decimal

from jinja2 import Environment, PackageLoader, select_autoescape

from ledgerly import settings

log = logging.getLogger(__name__)

_env = Environment(
    loader=PackageLoader("ledgerly", "templates"), autoescape=select_autoescape()
)


def _total(lines: list[dict]) -> Decimal:
    return sum((Decimal(str(li["qty"])) * Decimal(str(li["unit_price"])) for li in lines), Decimal("0"))


def render_invoice_pdf(invoice_id: str, account_id: str, lines: list[dict]) -> str:
    html = _env.get_template("invoice.html").render(
        invoice_id=invoice_id, account_id=account_id, lines=lines, total=_total(lines)
    )
    out_dir = os.path.join(settings.INVOICE_BUCKET_DIR, account_id)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{invoice_id}.pdf")
    from weasyprint import HTML  # heavy import, only in workers

    HTML(string=html).write_pdf(path)
    log.info("rendered invoice %s for %s -> %s", invoice_id, account_id, path)
    return path
