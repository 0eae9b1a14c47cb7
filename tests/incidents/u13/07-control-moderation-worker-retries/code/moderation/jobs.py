import logging

from moderation import classify, store

log = logging.getLogger("moderation.jobs")


def moderate_review(review_id: int) -> str:
    review = store.get_review(review_id)
    verdict = classify.classify(review["body"])
    store.save_verdict(review_id, verdict["decision"], verdict.get("reasons", []))
    log.info("review %s -> %s", review_id, verdict["decision"])
    return verdict["decision"]
