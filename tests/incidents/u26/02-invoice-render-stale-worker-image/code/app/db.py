import os
from contextlib import contextmanager

from sqlalchemy import create_engine, text

_engine = None


def engine():
    global _engine
    if _engine is None:
        _engine = create_engine(os.environ.get("DATABASE_URL", "postgresql+psycopg://billing@localhost/billing"),
                                pool_pre_ping=True, pool_size=5)
    return _engine


@contextmanager
def connect():
    with engine().begin() as conn:
        yield conn


def load_invoice(conn, invoice_id: int) -> dict:
    row = conn.execute(text("SELECT * FROM invoices WHERE id = :id"), {"id": invoice_id}).mappings().one()
    lines = conn.execute(
        text("SELECT description, quantity, unit_price_cents FROM invoice_lines WHERE invoice_id = :id ORDER BY id"),
        {"id": invoice_id},
    ).mappings().all()
    return {**row, "lines": [dict(l) for l in lines]}
