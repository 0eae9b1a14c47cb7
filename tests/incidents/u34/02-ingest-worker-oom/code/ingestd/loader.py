import json
import logging
import os

log = logging.getLogger("ingestd.loader")


def load_drop(drop_dir: str, name: str) -> list[dict]:
    path = os.path.join(drop_dir, name)
    with open(path, "rb") as fh:
        raw = fh.read()
    records = [json.loads(line) for line in raw.splitlines() if line.strip()]
    log.info("loaded %s: %d records", name, len(records))
    return records


def normalise(records: list[dict]) -> list[dict]:
    out = []
    for rec in records:
        out.append({
            "account": str(rec.get("account_id", "")).strip(),
            "sku": rec.get("sku"),
            "qty": int(rec.get("qty") or 0),
            "ts": rec.get("ts"),
            "attrs": dict(rec.get("attrs") or {}),
        })
    return out
