import logging

import requests

log = logging.getLogger(__name__)


class ThumbnailClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def resize(self, product_id: str, image: bytes, content_type: str, sizes) -> dict:
        resp = self.session.post(
            f"{self.base_url}/v1/resize",
            params={"sizes": ",".join(str(s) for s in sizes), "product": product_id},
            data=image,
            headers={"Content-Type": content_type},
            timeout=self.timeout,
        )
        resp.raise_for_status()
        return resp.json()
