import requests

from . import settings

LEDGER_URL = "http://billing-api.billing.svc.cluster.local:8000/internal"


def account(account_id: str) -> dict:
    r = requests.get(f"{LEDGER_URL}/accounts/{account_id}", timeout=10)
    r.raise_for_status()
    return r.json()


def lines(account_id: str, period: str) -> list[dict]:
    r = requests.get(f"{LEDGER_URL}/accounts/{account_id}/lines", params={"period": period}, timeout=30)
    r.raise_for_status()
    return r.json()["lines"]
