"""RQ job functions. Enqueued by the matter-intake API by dotted path."""
from __future__ import annotations

import json
import logging

from .llm import gateway_for
from .store import load_document, save_result

log = logging.getLogger("clausekit.jobs")

EXTRACT_SYSTEM = (
    "You extract clauses from commercial contracts. Answer with a JSON list of objects "
    "{\"type\", \"section\", \"text\"}; types: termination, liability_cap, indemnity, "
    "governing_law, assignment, auto_renewal."
)
SUMMARY_SYSTEM = "Summarise the contract for a paralegal in five bullet points."

CHUNK_CHARS = 12_000


def _chunks(text: str, size: int = CHUNK_CHARS):
    for start in range(0, len(text), size):
        yield text[start:start + size]


def _parse_clauses(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except ValueError:
        return [{"type": "unparsed", "section": None, "text": text[:500]}]
    return data if isinstance(data, list) else [data]


def extract_clauses(doc_id: str) -> dict:
    doc = load_document(doc_id)
    gateway = gateway_for("extract")
    clauses: list[dict] = []
    for index, chunk in enumerate(_chunks(doc["text"])):
        prompt = f"Contract {doc['title']} part {index + 1}:\n\n{chunk}"
        clauses.extend(_parse_clauses(gateway.complete(EXTRACT_SYSTEM, prompt).text))
    save_result("clauses", doc_id, {"clauses": clauses, "model": gateway.model})
    log.info("doc=%s clauses=%d", doc_id, len(clauses))
    return {"doc_id": doc_id, "clauses": len(clauses)}


def summarize_contract(doc_id: str) -> dict:
    doc = load_document(doc_id)
    completion = gateway_for("summarize").complete(SUMMARY_SYSTEM, doc["text"][:40_000])
    save_result("summaries", doc_id, {"summary": completion.text, "model": completion.model})
    return {"doc_id": doc_id, "chars": len(completion.text)}
