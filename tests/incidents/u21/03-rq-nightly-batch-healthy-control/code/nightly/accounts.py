import os

import psycopg


def active_account_ids(limit: int | None = None) -> list[int]:
    sql = "SELECT id FROM accounts WHERE status = 'active' AND billing_plan <> 'free' ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    with psycopg.connect(os.environ["WAREHOUSE_DSN"], connect_timeout=10) as conn:
        return [row[0] for row in conn.execute(sql)]
