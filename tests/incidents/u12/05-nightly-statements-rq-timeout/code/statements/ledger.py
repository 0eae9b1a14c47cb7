def totals_for(account, period):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT posted_on, amount_cents FROM ledger_entries WHERE account_id = %s AND to_char(posted_on, 'YYYY-MM') = %s",
            [account.id, period],
        )
        rows = cur.fetchall()
    return rows, sum(a for _, a in rows)
