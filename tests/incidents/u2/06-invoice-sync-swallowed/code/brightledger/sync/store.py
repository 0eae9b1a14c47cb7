import psycopg

from .. import settings


def pending_invoices(tenant: str) -> list[dict]:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        rows = conn.execute(
            "select number, customer, total_cents, currency, issued_on from invoices "
            "where tenant = %s and synced_at is null order by issued_on", (tenant,)).fetchall()
    return [dict(number=n, customer=c, total_cents=t, currency=cur, issued_on=str(d))
            for n, c, t, cur, d in rows]


def access_token(tenant: str) -> str:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        return conn.execute("select access_token from ledgerhub_links where tenant = %s",
                            (tenant,)).fetchone()[0]


def mark_synced(tenant: str, number: str, remote_id: str) -> None:
    with psycopg.connect(settings.DATABASE_URL) as conn:
        conn.execute("update invoices set synced_at = now(), remote_id = %s "
                     "where tenant = %s and number = %s", (remote_id, tenant, number))
