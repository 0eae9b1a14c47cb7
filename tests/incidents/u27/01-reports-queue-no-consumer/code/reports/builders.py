from datetime import date

from django.db import connection


def _rows(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        yield [c[0] for c in cur.description]
        yield from cur.fetchall()


def monthly_invoices(account_id: int, month: str):
    start = date.fromisoformat(f"{month}-01")
    return _rows(
        "SELECT number, issued_on, customer, total FROM billing_invoice "
        "WHERE account_id = %s AND date_trunc('month', issued_on) = %s ORDER BY issued_on",
        [account_id, start],
    )


def usage_by_seat(account_id: int, days: int = 30):
    return _rows(
        "SELECT seat, sum(events) FROM usage_daily WHERE account_id = %s "
        "AND day > now() - (%s || ' days')::interval GROUP BY seat ORDER BY 2 DESC",
        [account_id, days],
    )


BUILDERS = {
    "monthly_invoices": monthly_invoices,
    "usage_by_seat": usage_by_seat,
}
