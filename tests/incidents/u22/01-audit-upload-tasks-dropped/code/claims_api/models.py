from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class ClaimUpdate(BaseModel):
    status: Literal["open", "in_review", "approved", "rejected", "paid"]
    adjuster_id: str
    note: str | None = Field(default=None, max_length=2000)
    amount_cents: int | None = None


class AuditEvent(BaseModel):
    event_id: str
    claim_id: str
    actor: str
    action: str
    at: datetime
    payload: dict
