import os

import requests

API = os.environ.get("CRM_API_URL", "https://api.pipehub.example.com/v3")


class CrmError(Exception):
    pass


def fetch_contacts(account_id: int, token: str, since: str | None = None) -> list[dict]:
    params = {"account": account_id, "limit": 200}
    if since:
        params["updated_after"] = since
    resp = requests.get(f"{API}/contacts", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    if resp.status_code == 401:
        raise CrmError(f"token rejected for account {account_id}")
    resp.raise_for_status()
    return resp.json()["data"]
