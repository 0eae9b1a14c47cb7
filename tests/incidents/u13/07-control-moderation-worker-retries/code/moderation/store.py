import psycopg
from psycopg.rows import dict_row

from moderation import settings


def _conn():
    return psycopg.connect(settings.DATABASE_URL, row_factory=dict_row, autocommit=True)


def get_review(review_id: int) -> dict:
    with _conn() as c:
        row = c.execute("SELECT id, body FROM reviews WHERE id = %s", (review_id,)).fetchone()
    if row is None:
        raise LookupError(f"review {review_id} not found")
    return row


def save_verdict(review_id: int, decision: str, reasons: list[str]) -> None:
    with _conn() as c:
        c.execute(
            "UPDATE reviews SET moderation = %s, moderation_reasons = %s, moderated_at = now() WHERE id = %s",
            (decision, reasons, review_id),
        )
