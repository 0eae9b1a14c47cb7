import logging
from datetime import date

from . import metrics, rendering, storage

log = logging.getLogger(__name__)


def render_monthly(account_id: int, year: int, month: int) -> str:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    rows = metrics.fetch_rows(account_id, start, end)
    html = rendering.render_html("monthly.html", account=metrics.get_account(account_id),
                                 rows=rows, year=year, month=month)
    return storage.upload_pdf(f"{account_id}/monthly/{year}-{month:02d}.pdf",
                              rendering.html_to_pdf(html))


def render_quarterly(account_id: int, year: int, q: int) -> str:
    period = rendering.quarter(year, q)
    rows = metrics.fetch_rows(account_id, period.start, period.end)
    html = rendering.render_html("quarterly.html", account=metrics.get_account(account_id),
                                 rows=rows, year=year, q=q)
    return storage.upload_pdf(f"{account_id}/quarterly/{year}-Q{q}.pdf",
                              rendering.html_to_pdf(html))


def render_quarterly_v2(account_id: int, year: int, q: int, breakdown: str = "region") -> str:
    period = rendering.quarter(year, q)
    rows = metrics.fetch_rows(account_id, period.start, period.end, breakdown=breakdown)
    html = rendering.render_html("quarterly.html", account=metrics.get_account(account_id),
                                 rows=rows, year=year, q=q)
    return storage.upload_pdf(f"{account_id}/quarterly/{year}-Q{q}-{breakdown}.pdf",
                              rendering.html_to_pdf(html))


def send_digest(account_id: int, week: str) -> int:
    rows = metrics.fetch_rows(account_id, *_week_bounds(week))
    log.info("digest %s for account %s: %d rows", week, account_id, len(rows))
    return len(rows)


def _week_bounds(week: str):
    year, wk = week.split("-W")
    start = date.fromisocalendar(int(year), int(wk), 1)
    end = date.fromisocalendar(int(year), int(wk), 7)
    return start, end
