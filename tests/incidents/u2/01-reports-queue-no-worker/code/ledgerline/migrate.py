import psycopg

from . import settings

DDL = """
create table if not exists ledger_lines (
    id bigserial primary key,
    account_id bigint not null,
    posted_at timestamptz not null,
    memo text not null default '',
    amount_cents bigint not null
);
create index if not exists ledger_lines_account_posted on ledger_lines (account_id, posted_at);
"""

if __name__ == "__main__":
    with psycopg.connect(settings.DATABASE_URL) as conn:
        conn.execute(DDL)
