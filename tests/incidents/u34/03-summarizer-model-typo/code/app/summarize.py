from anthropic import AsyncAnthropic

SYSTEM = (
    "You summarise customer support tickets for the on-duty agent. "
    "Answer with three short bullet points: the problem, what was tried, what the customer wants."
)


async def summarize_ticket(client: AsyncAnthropic, model: str, max_tokens: int, ticket: dict) -> str:
    thread = "\n\n".join(f"{m['author']}: {m['body']}" for m in ticket["messages"])
    msg = await client.messages.create(
        model=model,
        max_tokens=max_tokens,
        system=SYSTEM,
        messages=[{"role": "user", "content": f"Ticket {ticket['id']}: {ticket['subject']}\n\n{thread}"}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")
