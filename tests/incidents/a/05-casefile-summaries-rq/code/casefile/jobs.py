import logging

import anthropic

from . import config, docstore

logger = logging.getLogger("casefile.jobs")
_client = anthropic.Anthropic()


def _summarise(text: str) -> str:
    resp = _client.messages.create(
        model=config.SUMMARY_MODEL,
        max_tokens=config.MAX_TOKENS,
        system="You summarise legal case documents for paralegals. Be factual and brief.",
        messages=[{"role": "user", "content": text[:60000]}],
    )
    return resp.content[0].text


def summarise_case_documents(case_id: str, doc_ids: list[str]) -> dict:
    done = 0
    for doc_id in doc_ids:
        try:
            text = docstore.fetch_text(doc_id)
            docstore.save_summary(doc_id, _summarise(text))
            done += 1
        except Exception as exc:
            logger.error("summary failed for %s: %s", doc_id, exc)
    logger.info("case %s: %d/%d documents summarised", case_id, done, len(doc_ids))
    return {"case_id": case_id, "summarised": done, "total": len(doc_ids)}
