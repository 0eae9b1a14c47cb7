import anthropic
from flask import current_app

_client = None

PROMPT = """Summarise the following article for the morning newsletter in three short
bullet points. Keep names and numbers exact.

<article>
{body}
</article>"""


def client() -> anthropic.Anthropic:
    global _client
    if _client is None:
        _client = anthropic.Anthropic(api_key=current_app.config["ANTHROPIC_API_KEY"] or None)
    return _client


def summarise(body: str) -> str:
    msg = client().messages.create(
        model=current_app.config["SUMMARY_MODEL"],
        max_tokens=current_app.config["SUMMARY_MAX_TOKENS"],
        messages=[{"role": "user", "content": PROMPT.format(body=body)}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")
