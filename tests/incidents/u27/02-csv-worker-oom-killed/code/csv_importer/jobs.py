import logging
import os

import pandas as pd

from csv_importer import db

log = logging.getLogger(__name__)

COLUMNS = {
    "Line": "line_no",
    "SKU": "sku",
    "Quantity": "qty",
    "Weight (kg)": "weight_kg",
    "Origin": "origin",
    "Destination": "destination",
    "Ship Date": "ship_date",
}


def _normalise(df: pd.DataFrame) -> pd.DataFrame:
    df = df.rename(columns=COLUMNS)
    missing = set(COLUMNS.values()) - set(df.columns)
    if missing:
        raise ValueError(f"manifest is missing columns: {sorted(missing)}")
    df["sku"] = df["sku"].astype(str).str.strip().str.upper()
    df["origin"] = df["origin"].astype(str).str.strip()
    df["destination"] = df["destination"].astype(str).str.strip()
    df["qty"] = pd.to_numeric(df["qty"], errors="coerce")
    df["weight_kg"] = pd.to_numeric(df["weight_kg"], errors="coerce")
    df["ship_date"] = pd.to_datetime(df["ship_date"], errors="coerce", dayfirst=True).dt.date
    return df


def import_csv(path: str, tenant_id: int, manifest_id: str) -> int:
    db.mark_manifest(manifest_id, "importing")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = _normalise(df)

    bad = df["qty"].isna() | df["weight_kg"].isna() | df["ship_date"].isna()
    if bad.any():
        log.warning("manifest %s: %d of %d rows failed validation and were skipped",
                    manifest_id, int(bad.sum()), len(df))
    df = df[~bad]
    df["tenant_id"] = tenant_id
    df["manifest_id"] = manifest_id

    records = df.to_dict("records")
    count = db.upsert_lines(records)
    db.mark_manifest(manifest_id, "done", rows=count)
    os.remove(path)
    return count
