"""Thin client for the Firmographix company-profile API."""

from __future__ import annotations

import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


class FirmoClient:
    def __init__(self, base_url: str, api_key: str, timeout_s: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_s = timeout_s
        self._local = threading.local()

    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            retry = Retry(total=3, backoff_factor=0.5, status_forcelist=(429, 502, 503, 504), allowed_methods=["GET"])
            s.mount("https://", HTTPAdapter(max_retries=retry))
            s.mount("http://", HTTPAdapter(max_retries=retry))
            s.headers["X-Api-Key"] = self.api_key
            s.headers["User-Agent"] = "ashgrove-nightly-enrich/1.9"
            self._local.session = s
        return s

    def company(self, domain: str) -> dict:
        resp = self._session().get(f"{self.base_url}/v3/companies/{domain}", timeout=self.timeout_s)
        resp.raise_for_status()
        return resp.json()
