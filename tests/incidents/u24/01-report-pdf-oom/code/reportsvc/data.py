import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from google.cloud import bigquery

from .settings import settings


@dataclass
class LineItem:
    invoice_id: str
    issued: dt.date
    sku: str
    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


_client = None


def _bq() -> bigquery.Client:
    global _client
    if _client is None:
        _client = bigquery.Client(project=settings.project_id)
    return _client


QUERY = """
SELECT invoice_id, issued, sku, description, quantity, unit_price, amount
FROM `{dataset}.line_items`
WHERE account_id = @account_id AND issued BETWEEN @start AND @end
ORDER BY issued, invoice_id
"""


def fetch_line_items(account_id: str, start: dt.date, end: dt.date) -> list[LineItem]:
    job = _bq().query(
        QUERY.format(dataset=settings.bq_dataset),
        job_config=bigquery.QueryJobConfig(
            query_parameters=[
                bigquery.ScalarQueryParameter("account_id", "STRING", account_id),
                bigquery.ScalarQueryParameter("start", "DATE", start),
                bigquery.ScalarQueryParameter("end", "DATE", end),
            ]
        ),
    )
    return [LineItem(**dict(row)) for row in job.result()]


def mark_delivered(report_id: str, uri: str) -> None:
    _bq().query(
        f"UPDATE `{settings.bq_dataset}.report_runs` SET status = 'delivered', uri = @uri, "
        "delivered_at = CURRENT_TIMESTAMP() WHERE report_id = @report_id",
        job_config=bigquery.QueryJobConfig(
            query_parameters=[
                bigquery.ScalarQueryParameter("uri", "STRING", uri),
                bigquery.ScalarQueryParameter("report_id", "STRING", report_id),
            ]
        ),
    ).result()
