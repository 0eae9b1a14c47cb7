import requests


def fetch_invoices(base_url: str, account_id: str, period: str) -> list[dict]:
    resp = requests.get(
        f"{base_url}/v2/accounts/{account_id}/invoices",
        params={"period": period, "status": "issued"},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()["invoices"]
