import os

import psycopg

DSN = os.environ.get("DATABASE_URL", "postgresql://crmsync@localhost/crmsync")


def token_for(account_id: int) -> str:
    with psycopg.connect(DSN) as conn:
        row = conn.execute("SELECT access_token FROM crm_accounts WHERE id = %s", (account_id,)).fetchone()
    if row is None:
        raise LookupError(f"no crm account {account_id}")
    return row[0]


def last_sync(account_id: int) -> str | None:
    with psycopg.connect(DSN) as conn:
        row = conn.execute("SELECT max(synced_at) FROM crm_syncs WHERE account_id = %s", (account_id,)).fetchone()
    return row[0].isoformat() if row and row[0] else None


def upsert_contacts(account_id: int, contacts: list[dict]) -> int:
    with psycopg.connect(DSN) as conn:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO contacts (account_id, external_id, email, name, updated_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (account_id, external_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at",
                [(account_id, c["id"], c.get("email"), c.get("name"), c["updated_at"]) for c in contacts],
            )
            cur.execute("INSERT INTO crm_syncs (account_id, synced_at, count) VALUES (%s, now(), %s)", (account_id, len(contacts)))
    return len(contacts)
