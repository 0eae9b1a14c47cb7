from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

QUERY = sa.text(
    """
    SELECT i.id, i.number, i.account_id, i.issued_at, i.currency, i.net_amount,
           i.tax_amount, i.status, a.country, a.segment
      FROM invoices i
      JOIN accounts a ON a.id = i.account_id
     WHERE i.issued_at >= :start AND i.issued_at < :end AND i.id > :after
     ORDER BY i.id
     LIMIT :limit
    """
)

COUNT = sa.text("SELECT count(*) FROM invoices WHERE issued_at >= :start AND issued_at < :end")


def day_bounds(day: date):
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    return start, start + timedelta(days=1)


class InvoiceSource:
    def __init__(self, dsn: str):
        self.engine = sa.create_engine(dsn, pool_pre_ping=True)

    def count(self, day: date) -> int:
        start, end = day_bounds(day)
        with self.engine.connect() as conn:
            return conn.execute(COUNT, {"start": start, "end": end}).scalar_one()

    def batches(self, day: date, size: int):
        start, end = day_bounds(day)
        after = 0
        with self.engine.connect() as conn:
            while True:
                rows = conn.execute(
                    QUERY, {"start": start, "end": end, "after": after, "limit": size}
                ).mappings().all()
                if not rows:
                    return
                yield rows
                after = rows[-1]["id"]
