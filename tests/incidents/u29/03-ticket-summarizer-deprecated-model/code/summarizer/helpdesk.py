import httpx

from .config import settings


def get_ticket(ticket_id: int) -> dict:
    r = httpx.get(f"{settings().helpdesk_url}/api/v2/tickets/{ticket_id}", params={"include": "messages"}, timeout=10)
    r.raise_for_status()
    return r.json()["ticket"]


def save_summary(ticket_id: int, summary: dict) -> None:
    r = httpx.put(f"{settings().helpdesk_url}/api/v2/tickets/{ticket_id}/ai_summary", json=summary, timeout=10)
    r.raise_for_status()
