import psycopg

from csv_importer import settings

UPSERT = """
INSERT INTO shipment_lines
    (tenant_id, manifest_id, line_no, sku, qty, weight_kg, origin, destination, ship_date)
VALUES
    (%(tenant_id)s, %(manifest_id)s, %(line_no)s, %(sku)s, %(qty)s, %(weight_kg)s,
     %(origin)s, %(destination)s, %(ship_date)s)
ON CONFLICT (tenant_id, manifest_id, line_no) DO UPDATE SET
    sku = EXCLUDED.sku, qty = EXCLUDED.qty, weight_kg = EXCLUDED.weight_kg,
    origin = EXCLUDED.origin, destination = EXCLUDED.destination, ship_date = EXCLUDED.ship_date
"""


def upsert_lines(records: list[dict]) -> int:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        with conn.cursor() as cur:
            cur.executemany(UPSERT, records)
        conn.commit()
    return len(records)


def mark_manifest(manifest_id: str, status: str, rows: int = 0, error: str = "") -> None:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        conn.execute(
            "UPDATE manifests SET status = %s, row_count = %s, error = %s, updated_at = now() WHERE id = %s",
            (status, rows, error, manifest_id),
        )
        conn.commit()
