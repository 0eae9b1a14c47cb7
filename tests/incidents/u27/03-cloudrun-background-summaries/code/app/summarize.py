import logging

import anthropic

from app import config, store

log = logging.getLogger("scribe.summarize")

_client = anthropic.Anthropic()

CHUNK_PROMPT = (
    "You are summarising part {n} of {total} of a meeting transcript. "
    "List the decisions, action items (with owners) and open questions in this part. "
    "Be terse; use bullet points.\n\n<transcript>\n{text}\n</transcript>"
)

FINAL_PROMPT = (
    "Below are notes taken from consecutive parts of one meeting. Write the final meeting "
    "summary: a 3-sentence overview, then Decisions, Action items (owner, due date if said) "
    "and Open questions.\n\n<notes>\n{notes}\n</notes>"
)


def split(text: str, size: int) -> list[str]:
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut
        parts.append(text[start:end])
        start = end
    return parts


def _ask(prompt: str) -> str:
    msg = _client.messages.create(
        model=config.SUMMARY_MODEL,
        max_tokens=config.MAX_TOKENS,
        messages=[{"role": "user", "content": prompt}],
    )
    return "".join(block.text for block in msg.content if block.type == "text")


def summarise_transcript(transcript_id: str, text: str) -> None:
    chunks = split(text, config.CHUNK_CHARS)
    log.info("summarising transcript", extra={"transcript_id": transcript_id, "chunks": len(chunks)})
    try:
        notes = []
        for i, chunk in enumerate(chunks, 1):
            notes.append(_ask(CHUNK_PROMPT.format(n=i, total=len(chunks), text=chunk)))
            log.info("chunk summarised", extra={"transcript_id": transcript_id, "chunk": i, "chunks": len(chunks)})
            store.update(transcript_id, progress=round(i / (len(chunks) + 1), 2))
        summary = _ask(FINAL_PROMPT.format(notes="\n\n".join(notes)))
        store.update(transcript_id, status="done", summary=summary, progress=1.0)
        log.info("summary stored", extra={"transcript_id": transcript_id})
    except anthropic.APIError as exc:
        log.exception("summary failed", extra={"transcript_id": transcript_id})
        store.update(transcript_id, status="failed", error=str(exc))
