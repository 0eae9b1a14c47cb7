import io
import logging

import requests
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .config import settings

log = logging.getLogger("statements.render")

LINES_PER_PAGE = 42


def fetch_transactions(account_id: str, period: str) -> list[dict]:
    resp = requests.get(
        f"{settings.billing_api}/accounts/{account_id}/transactions",
        params={"period": period},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()["items"]


def draw_statement(account_id: str, period: str, items: list[dict], on_page=None) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pages = max(1, -(-len(items) // LINES_PER_PAGE))
    for page in range(pages):
        chunk = items[page * LINES_PER_PAGE:(page + 1) * LINES_PER_PAGE]
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(40, 800, f"Statement {period} - account {account_id}")
        pdf.setFont("Helvetica", 9)
        y = 770
        for item in chunk:
            pdf.drawString(40, y, item["posted_at"][:10])
            pdf.drawString(120, y, item["description"][:70])
            pdf.drawRightString(550, y, f'{item["amount"]:,.2f}')
            y -= 17
        pdf.showPage()
        if on_page:
            on_page(page + 1, pages)
    pdf.save()
    return buf.getvalue()
