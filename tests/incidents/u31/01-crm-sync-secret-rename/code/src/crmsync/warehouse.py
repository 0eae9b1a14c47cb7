import logging
from typing import Iterable

log = logging.getLogger(__name__)


def to_row(contact: dict) -> dict:
    props = contact.get("properties", {})
    return {
        "contact_id": contact["id"],
        "email": (props.get("email") or "").strip().lower() or None,
        "first_name": props.get("firstname"),
        "last_name": props.get("lastname"),
        "company": props.get("company"),
        "lifecycle_stage": props.get("lifecyclestage"),
        "lead_status": props.get("hs_lead_status"),
        "country": props.get("country"),
        "modified_at": props.get("lastmodifieddate"),
        "archived": bool(contact.get("archived", False)),
    }


class Warehouse:
    def __init__(self, project: str, dataset: str):
        from google.cloud import bigquery

        self._client = bigquery.Client(project=project)
        self._table = f"{project}.{dataset}.contacts_staging"

    def load(self, rows: Iterable[dict], batch: int = 500) -> int:
        buf, total = [], 0
        for row in rows:
            buf.append(row)
            if len(buf) >= batch:
                total += self._flush(buf)
                buf = []
        if buf:
            total += self._flush(buf)
        return total

    def _flush(self, rows: list[dict]) -> int:
        errors = self._client.insert_rows_json(self._table, rows)
        if errors:
            raise RuntimeError(f"BigQuery insert errors: {errors[:3]}")
        log.info("inserted %d rows into %s", len(rows), self._table)
        return len(rows)

    def merge(self) -> None:
        self._client.query(f"CALL `{self._table.rsplit('.', 1)[0]}.merge_contacts`()").result()
