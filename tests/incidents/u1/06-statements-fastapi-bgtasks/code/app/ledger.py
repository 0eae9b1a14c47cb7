import os

import httpx

LEDGER_URL = os.environ.get("LEDGER_URL", "http://ledger.harbourpay.internal")
LINES_PER_PAGE = 52


def statement_pages(account_id: str, month: str) -> list[list[str]]:
    with httpx.Client(base_url=LEDGER_URL, timeout=30) as client:
        resp = client.get(f"/accounts/{account_id}/transactions", params={"month": month})
        resp.raise_for_status()
        txns = resp.json()["transactions"]
    lines = [
        f"{t['booked_on']}  {t['description'][:48]:<48} {t['amount']:>12}  {t['balance']:>12}"
        for t in txns
    ]
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [["No transactions."]]
