"""Client for the metering provider's asynchronous report API."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


class ReportsClient:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        retry = Retry(total=4, backoff_factor=1.0, status_forcelist=(500, 502, 503, 504), allowed_methods=["GET"])
        self.http.mount("https://", HTTPAdapter(max_retries=retry))
        self.http.mount("http://", HTTPAdapter(max_retries=retry))

    def request_report(self, account_id: str, period: str) -> str:
        r = self.http.post(
            f"{self.base}/accounts/{account_id}/reports",
            json={"type": "interval_usage", "period": period, "format": "csv", "granularity": "30m"},
            timeout=30,
        )
        r.raise_for_status()
        return r.json()["report_id"]

    def report_status(self, account_id: str, report_id: str) -> dict:
        r = self.http.get(f"{self.base}/accounts/{account_id}/reports/{report_id}", timeout=30)
        r.raise_for_status()
        return r.json()

    def download(self, url: str) -> bytes:
        r = self.http.get(url, timeout=120)
        r.raise_for_status()
        return r.content
