import logging

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)


class ProfileClient:
    def __init__(self, base_url: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(total=3, backoff_factor=0.2, status_forcelist=(502, 503, 504),
                      allowed_methods=frozenset({"GET"}))
        self.session.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=16))
        self.session.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=16))

    def customer(self, customer_id: str) -> dict:
        r = self.session.get(f"{self.base_url}/v1/customers/{customer_id}", timeout=self.timeout)
        r.raise_for_status()
        return r.json()

    def geo(self, postcode: str, country: str) -> dict:
        r = self.session.get(f"{self.base_url}/v1/geo/{country}/{postcode}", timeout=self.timeout)
        r.raise_for_status()
        return r.json()
