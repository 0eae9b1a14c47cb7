from datetime import datetime
from enum import Enum

from pydantic import BaseModel, Field


class QuoteStatus(str, Enum):
    pending = "pending"
    ready = "ready"
    failed = "failed"


class LineItem(BaseModel):
    sku: str
    description: str = ""
    quantity: int = Field(gt=0)


class QuoteRequest(BaseModel):
    account_id: str
    site_address: str
    contact_email: str
    items: list[LineItem] = Field(min_length=1)
    notes: str = ""


class Quote(BaseModel):
    id: str
    account_id: str
    status: QuoteStatus
    created_at: datetime
    updated_at: datetime
    pdf_url: str | None = None
    total_cents: int | None = None
    error: str | None = None
