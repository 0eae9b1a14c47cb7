"""Accounts waiting for enrichment, read from and written back to the CRM replica."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Account:
    id: str
    domain: str
    name: str


PENDING_SQL = text(
    """
    SELECT id, domain, name FROM accounts
    WHERE enriched_at IS NULL AND domain IS NOT NULL
    ORDER BY created_at
    LIMIT :limit
    """
)
SAVE_SQL = text(
    """
    UPDATE accounts
    SET industry = :industry, employee_band = :employee_band, hq_country = :hq_country,
        firmo_payload = :payload, enriched_at = CURRENT_TIMESTAMP
    WHERE id = :id
    """
)


class AccountStore:
    def __init__(self, dsn: str) -> None:
        self.engine: Engine = create_engine(dsn, pool_size=10, pool_pre_ping=True)

    def pending(self, limit: int) -> list[Account]:
        with self.engine.connect() as conn:
            return [Account(**r) for r in conn.execute(PENDING_SQL, {"limit": limit}).mappings()]

    def save(self, account_id: str, profile: dict) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                SAVE_SQL,
                {
                    "id": account_id,
                    "industry": profile.get("industry"),
                    "employee_band": profile.get("employees", {}).get("band"),
                    "hq_country": profile.get("hq", {}).get("country"),
                    "payload": json.dumps(profile),
                },
            )
