import csv
import io
import logging

from . import storage, warehouse

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = {"sku", "partner_id", "price", "stock", "updated"}


def _parse(raw: bytes) -> list[dict]:
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows:
        missing = REQUIRED_COLUMNS - set(rows[0])
        if missing:
            raise ValueError(f"feed is missing columns: {sorted(missing)}")
    return rows


def import_feed(partner_id: str, object_name: str) -> dict:
    raw = storage.download(object_name)
    rows = _parse(raw)
    cleaned = [
        {
            "sku": r["sku"].strip(),
            "partner_id": partner_id,
            "price_cents": int(round(float(r["price"]) * 100)),
            "stock": int(r["stock"] or 0),
            "updated": r["updated"],
        }
        for r in rows
        if r.get("sku")
    ]
    written = warehouse.upsert_offers(cleaned)
    log.info("partner %s: %d rows read, %d offers upserted from %s", partner_id, len(rows), written, object_name)
    return {"partner": partner_id, "rows": len(rows), "upserted": written}
