"""Client for the customs-ledger service (files one declaration per manifest line)."""
from __future__ import annotations

import httpx


class DuplicateDeclaration(Exception):
    pass


class LedgerClient:
    def __init__(self, base_url: str, timeout: float):
        self._http = httpx.Client(base_url=base_url, timeout=timeout)

    def file(self, manifest_id: str, line_no: int, hs_code: str, confidence: float) -> None:
        r = self._http.post(
            "/v2/declarations",
            json={"manifest_id": f"{manifest_id}/{line_no}", "hs_code": hs_code, "confidence": confidence},
        )
        if r.status_code == 409:
            raise DuplicateDeclaration(r.json().get("detail", "duplicate"))
        r.raise_for_status()
