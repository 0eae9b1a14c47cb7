import os

import psycopg

DSN = os.environ.get("WAREHOUSE_DSN", "")


def fetch_rows(account_id: int, start, end, breakdown: str | None = None) -> list[dict]:
    sql = (
        "select metric, sum(value) as value from account_metrics "
        "where account_id = %s and day >= %s and day < %s group by metric order by metric"
    )
    if breakdown == "region":
        sql = (
            "select metric || ' / ' || region as metric, sum(value) as value "
            "from account_metrics where account_id = %s and day >= %s and day < %s "
            "group by metric, region order by metric, region"
        )
    with psycopg.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute(sql, (account_id, start, end))
        return [{"metric": m, "value": v} for m, v in cur.fetchall()]


def get_account(account_id: int) -> dict:
    with psycopg.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute("select id, name from accounts where id = %s", (account_id,))
        row = cur.fetchone()
    return {"id": row[0], "name": row[1]}
