import httpx

from .settings import settings


def _http() -> httpx.Client:
    return httpx.Client(
        base_url=settings.helpdesk_base_url,
        auth=(f"{settings.helpdesk_email}/token", settings.helpdesk_token),
        timeout=20.0,
    )


def render_thread(comments: list[dict], limit_chars: int = 12000) -> str:
    parts = []
    for c in comments:
        who = "Agent" if c.get("author_role") == "agent" else "Customer"
        parts.append(f"[{who}] {c.get('body', '').strip()}")
    text = "\n\n".join(parts)
    return text[-limit_chars:]


def add_internal_note(ticket_id: int, body: str) -> None:
    if not settings.helpdesk_token:
        return
    with _http() as http:
        r = http.put(
            f"/tickets/{ticket_id}.json",
            json={"ticket": {"comment": {"body": body, "public": False}}},
        )
        r.raise_for_status()
