"""Very small data layer over SQLAlchemy Core."""

from __future__ import annotations

from sqlalchemy import (Column, DateTime, Integer, MetaData, Numeric, String, Table,
                        create_engine, func)

from . import config

metadata = MetaData()

orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_email", String(200), nullable=False),
    Column("total", Numeric(10, 2), nullable=False),
    Column("currency", String(3), nullable=False, default="GBP"),
    Column("status", String(20), nullable=False, default="paid"),
    Column("invoice_number", String(32)),
    Column("receipt_sent_at", DateTime),
    Column("created_at", DateTime, server_default=func.now()),
)

payouts = Table(
    "payouts", metadata,
    Column("id", Integer, primary_key=True),
    Column("provider_ref", String(64), unique=True),
    Column("amount", Numeric(12, 2), nullable=False),
    Column("settled_on", String(10), nullable=False),
)

_engine = None


def engine():
    global _engine
    if _engine is None:
        _engine = create_engine(config.DATABASE_URL, pool_pre_ping=True, future=True)
        metadata.create_all(_engine)
    return _engine
