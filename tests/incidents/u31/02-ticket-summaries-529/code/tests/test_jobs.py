from unittest import mock

import fakeredis

from ticketsum import jobs


def test_summarise_ticket_stores_summary():
    fake = fakeredis.FakeRedis()
    with mock.patch.object(jobs.llm, "summarise", return_value=("- wants refund", {"input_tokens": 10, "output_tokens": 5})), \
         mock.patch.object(jobs, "Redis") as R:
        R.from_url.return_value = fake
        out = jobs.summarise_ticket({"id": 42, "subject": "Refund", "comments": []})
    assert out["ticket_id"] == 42
    assert fake.hget("ticketsum:summary:42", "summary") == b"- wants refund"
