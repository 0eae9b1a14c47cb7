"""Build a statement PDF with reportlab, then rasterise page 1 for the e-mail preview."""

import io

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from renderer import settings


def build_pdf(account, month: str, lines: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 800, f"Copperleaf statement {month}")
    c.setFont("Helvetica", 10)
    c.drawString(50, 780, f"{account.holder_name}  ({account.account_id})")
    y = 750
    for date, text in lines:
        c.drawString(50, y, date)
        c.drawString(140, y, text)
        y -= 14
        if y < 60:
            c.showPage()
            y = 800
    c.save()
    return buf.getvalue()


def preview_png(pdf_bytes: bytes) -> bytes:
    doc = pdfium.PdfDocument(pdf_bytes)
    page = doc[0]
    bitmap = page.render(scale=settings.PREVIEW_DPI / 72)
    img = bitmap.to_pil()
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
