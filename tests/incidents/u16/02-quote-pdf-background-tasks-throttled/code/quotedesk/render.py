from __future__ import annotations

import io
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import QuoteRequest


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def render_quote_pdf(quote_id: str, req: QuoteRequest, priced: dict) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, title=f"Quote {quote_id}")
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Northgate Mechanical — Installation Quote", styles["Title"]),
        Paragraph(f"Quote {quote_id} · {date.today():%B %d, %Y}", styles["Normal"]),
        Paragraph(f"Site: {req.site_address}", styles["Normal"]),
        Spacer(1, 12),
    ]
    rows = [["SKU", "Description", "Qty", "Unit", "Line total"]]
    for line in priced["lines"]:
        rows.append([line["sku"], Paragraph(line["description"], styles["BodyText"]), line["quantity"], _money(line["unit_cents"]), _money(line["total_cents"])])
    rows.append(["", "", "", "Total", _money(priced["total_cents"])])
    table = Table(rows, repeatRows=1, colWidths=[70, 250, 40, 70, 80])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -2), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
    ]))
    story.append(table)
    if req.notes:
        story += [Spacer(1, 12), Paragraph(req.notes, styles["Italic"])]
    story += [Spacer(1, 18), Paragraph("Valid for 30 days. Prices exclude permits and applicable taxes.", styles["Normal"])]
    doc.build(story)
    return buf.getvalue(), doc.page
