from datetime import date
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .config import settings

_styles = getSampleStyleSheet()

HEADER = ["Date", "Reference", "Counterparty", "Description", "Amount", "Balance"]


def _money(minor: int, currency: str) -> str:
    return f"{minor / 100:,.2f} {currency}"


def statement_pdf(account: dict, period_start: date, period_end: date, rows: list[dict]) -> tuple[bytes, int]:
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=f"Statement {account['id']} {period_start:%Y-%m}",
    )
    story = [
        Paragraph(f"{settings.brand_name} — Account statement", _styles["Title"]),
        Paragraph(f"{account['legal_name']} · {account['iban']}", _styles["Normal"]),
        Paragraph(f"Period {period_start:%d %b %Y} – {period_end:%d %b %Y}", _styles["Normal"]),
        Spacer(1, 6 * mm),
    ]
    data = [HEADER]
    for r in rows:
        data.append([
            r["booked_at"].strftime("%d.%m.%Y %H:%M"),
            r["reference"],
            Paragraph(r["counterparty"] or "", _styles["BodyText"]),
            Paragraph(r["description"] or "", _styles["BodyText"]),
            _money(r["amount_minor"], r["currency"]),
            _money(r["balance_minor"], r["currency"]),
        ])
    table = Table(data, repeatRows=1, colWidths=[26 * mm, 28 * mm, 40 * mm, 48 * mm, 22 * mm, 22 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
        ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f7")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story.append(table)
    doc.build(story)
    return buf.getvalue(), doc.page
