import json
from types import SimpleNamespace

from summarizer import jobs
from summarizer.prompts import render_thread

TICKET = {
    "id": 4411,
    "subject": "Refund not received",
    "messages": [
        {"author_role": "customer", "created_at": "2026-11-30T10:00:00Z", "body": "Still no refund."},
        {"author_role": "agent", "created_at": "2026-11-30T11:00:00Z", "body": "Escalated to billing."},
    ],
}


def test_render_thread_includes_all_messages():
    text = render_thread(TICKET)
    assert "Ticket #4411" in text and "Escalated to billing." in text


def test_summarize_ticket(monkeypatch):
    saved = {}
    monkeypatch.setattr(jobs.helpdesk, "get_ticket", lambda tid: TICKET)
    monkeypatch.setattr(jobs.helpdesk, "save_summary", lambda tid, s: saved.update(s))
    body = {"summary": "Refund pending", "customer_sentiment": "negative", "next_action": "chase billing", "tags": ["refund"]}
    fake = SimpleNamespace(
        messages=SimpleNamespace(
            create=lambda **kw: SimpleNamespace(
                content=[SimpleNamespace(text=json.dumps(body))],
                usage=SimpleNamespace(input_tokens=120, output_tokens=40),
            )
        )
    )
    monkeypatch.setattr(jobs, "_client", fake)
    out = jobs.summarize_ticket(4411)
    assert out == {"ticket_id": 4411, "tokens": 40}
    assert saved["customer_sentiment"] == "negative"
