import logging
import os
from datetime import datetime, timezone

import psycopg
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .. import settings

log = logging.getLogger("ledgerline.reports")


def _fetch_lines(account_id: int, period: str):
    with psycopg.connect(settings.DATABASE_URL) as conn:
        return conn.execute(
            "select posted_at, memo, amount_cents from ledger_lines "
            "where account_id = %s and to_char(posted_at, 'YYYY-MM') = %s order by posted_at",
            (account_id, period),
        ).fetchall()


def build_statement(account_id: int, period: str) -> str:
    rows = _fetch_lines(account_id, period)
    os.makedirs(settings.REPORT_BUCKET_DIR, exist_ok=True)
    path = os.path.join(settings.REPORT_BUCKET_DIR, f"{account_id}-{period}.pdf")
    pdf = canvas.Canvas(path, pagesize=A4)
    y = 800
    pdf.drawString(40, y, f"Statement {period} for account {account_id}")
    for posted_at, memo, cents in rows:
        y -= 14
        if y < 40:
            pdf.showPage()
            y = 800
        pdf.drawString(40, y, f"{posted_at:%Y-%m-%d}  {memo[:60]:<60} {cents / 100:>12.2f}")
    pdf.save()
    log.info("statement written account=%s period=%s lines=%d at=%s",
             account_id, period, len(rows), datetime.now(timezone.utc).isoformat())
    return path
