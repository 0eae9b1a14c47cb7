from digest.summary import _ticket_line, stats

TICKETS = [
    {"id": 1, "status": "open", "priority": "urgent", "subject": "Sync stuck", "tags": ["sync"], "plan": "enterprise"},
    {"id": 2, "status": "pending", "priority": "normal", "subject": "Invoice copy", "description": "Please resend"},
    {"id": 3, "status": "open", "priority": "normal", "subject": "Login loop"},
]


def test_stats_counts_status_and_urgent():
    s = stats(TICKETS)
    assert s["total"] == 3
    assert s["by_status"] == {"open": 2, "pending": 1}
    assert s["urgent"] == 1


def test_ticket_line_includes_plan_and_tags():
    line = _ticket_line(TICKETS[0])
    assert line.startswith("#1 [urgent/open] plan=enterprise tags=sync :: Sync stuck")
