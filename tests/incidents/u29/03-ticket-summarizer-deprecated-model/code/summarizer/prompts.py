SYSTEM = """You summarise customer-support ticket threads for the agent who picks the
ticket up next. Reply with JSON only: {"summary": str, "customer_sentiment":
"positive"|"neutral"|"negative", "next_action": str, "tags": [str]}."""


def render_thread(ticket: dict) -> str:
    parts = [f"Ticket #{ticket['id']}: {ticket['subject']}"]
    for msg in ticket["messages"]:
        parts.append(f"--- {msg['author_role']} ({msg['created_at']}):\n{msg['body']}")
    return "\n\n".join(parts)
