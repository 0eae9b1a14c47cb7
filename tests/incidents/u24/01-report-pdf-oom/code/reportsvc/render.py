import io
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .data import LineItem

_styles = getSampleStyleSheet()

HEADER = ["Invoice", "Date", "SKU", "Description", "Qty", "Unit", "Amount"]


def _table(items: list[LineItem]) -> Table:
    rows = [HEADER]
    for it in items:
        rows.append([
            it.invoice_id,
            it.issued.isoformat(),
            it.sku,
            Paragraph(it.description, _styles["BodyText"]),
            str(it.quantity),
            f"{it.unit_price:.2f}",
            f"{it.amount:.2f}",
        ])
    t = Table(rows, repeatRows=1, colWidths=[28 * mm, 22 * mm, 24 * mm, 60 * mm, 12 * mm, 18 * mm, 20 * mm])
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3b57")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f8")]),
        ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
    ]))
    return t


def render_statement(account_name: str, period: str, items: list[LineItem]) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=f"{account_name} {period}")
    total = sum((it.amount for it in items), Decimal("0"))
    story = [
        Paragraph(f"Usage statement &mdash; {account_name}", _styles["Title"]),
        Paragraph(f"Period: {period}", _styles["Normal"]),
        Spacer(1, 6 * mm),
        _table(items),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>Total: {total:.2f} USD</b>", _styles["Normal"]),
    ]
    doc.build(story)
    return buf.getvalue()
