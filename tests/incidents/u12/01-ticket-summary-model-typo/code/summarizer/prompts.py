SYSTEM = (
    "You summarise customer support tickets for the on-call agent. "
    "Write at most five bullet points: the customer's problem, what was tried, "
    "what they are asking for, and the sentiment. No greetings."
)


def render_thread(subject: str, messages: list[dict]) -> str:
    lines = [f"Subject: {subject}", ""]
    for m in messages:
        who = "Customer" if m.get("from_customer") else "Agent"
        lines.append(f"{who}: {m['body'].strip()}")
    return "\n".join(lines)
