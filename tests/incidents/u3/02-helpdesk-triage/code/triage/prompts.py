SYSTEM = """You route customer support tickets for Northwind Supply.
Answer with JSON only: {"queue": <one of QUEUES>, "priority": "low"|"normal"|"urgent", "summary": <one sentence>}.
QUEUES: {queues}"""


def system_prompt(queues: list[str]) -> str:
    return SYSTEM.replace("{queues}", ", ".join(queues))


def user_prompt(subject: str, body: str, max_chars: int) -> str:
    body = body[:max_chars]
    return f"Subject: {subject}\n\n{body}"
