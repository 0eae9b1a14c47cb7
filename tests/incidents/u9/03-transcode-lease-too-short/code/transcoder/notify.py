"""Tell the catalogue API that renditions are ready."""

import os

import requests

CATALOG_URL = os.environ.get("CATALOG_URL", "http://catalog.internal:8080")


def renditions_ready(asset_id: str, uris: list[str]) -> None:
    response = requests.post(f"{CATALOG_URL}/assets/{asset_id}/renditions",
                             json={"uris": uris}, timeout=10)
    response.raise_for_status()
