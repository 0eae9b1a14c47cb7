"""Render an order's invoice as a PDF with product photographs."""

import io
import logging

import httpx
from fpdf import FPDF

from . import settings
from .orders import Order

log = logging.getLogger(__name__)


def _money(pence: int) -> str:
    return f"\u00a3{pence / 100:,.2f}"


def _product_image(client: httpx.Client, image: str) -> bytes | None:
    # Full-resolution studio shots; the catalogue CDN resizes on the fly.
    try:
        r = client.get(f"{settings.ASSETS_BASE}/{image}", params={"w": 1200, "fmt": "png"})
        r.raise_for_status()
        return r.content
    except httpx.HTTPError as exc:
        log.warning("image %s unavailable: %s", image, exc)
        return None


def invoice_pdf(order: Order) -> bytes:
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "Marlow & Vane", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"Invoice for order {order.number}", new_x="LMARGIN", new_y="NEXT")
    for line in [order.customer_name, *order.address]:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    with httpx.Client(timeout=settings.IMAGE_TIMEOUT_S) as client:
        for item in order.lines:
            img = _product_image(client, item.image)
            if img:
                pdf.image(io.BytesIO(img), w=40)
            pdf.cell(120, 6, f"{item.qty} x {item.title} ({item.sku})")
            pdf.cell(0, 6, _money(item.qty * item.unit_pence), align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.cell(120, 6, "Delivery")
    pdf.cell(0, 6, _money(order.delivery_pence), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(120, 8, "Total")
    pdf.cell(0, 8, _money(order.total_pence), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
