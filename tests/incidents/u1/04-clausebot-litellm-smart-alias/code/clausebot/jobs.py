import json
import logging

from . import llm, storage

log = logging.getLogger(__name__)

CLAUSE_PROMPT = (
    "You are a contracts paralegal. List every clause that deviates from the customer's "
    "standard terms (liability cap, indemnity, auto-renewal, governing law, termination). "
    'Reply as JSON: {"deviations": [{"clause": str, "risk": "low|medium|high", "note": str}]}'
)
TITLE_PROMPT = "Give a short descriptive title (max 8 words) for this contract. Reply with the title only."


def title_contract(doc_id: str) -> str:
    doc = storage.load_contract(doc_id)
    title = llm.complete("fast", TITLE_PROMPT, doc["text"][:6000]).strip()
    log.info("titled %s: %s", doc_id, title)
    return title


def review_contract(doc_id: str) -> int:
    doc = storage.load_contract(doc_id)
    raw = llm.complete("smart", CLAUSE_PROMPT, doc["text"])
    review = json.loads(raw)
    storage.save_review(doc_id, review)
    return len(review.get("deviations", []))
