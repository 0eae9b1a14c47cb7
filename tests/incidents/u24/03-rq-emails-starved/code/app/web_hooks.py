"""Called from the Django app (ledgerly/web) to queue background work."""
from .queues import default, emails
from . import settings


def request_export(org_id: int, start: str, end: str, user_email: str):
    return default.enqueue(
        "app.exports.generate_export", org_id, start, end, user_email,
        job_timeout=settings.EXPORT_JOB_TIMEOUT, result_ttl=86400,
    )


def request_reconcile(org_id: int, period: str):
    return default.enqueue("app.exports.reconcile_ledger", org_id, period, job_timeout=settings.EXPORT_JOB_TIMEOUT)


def password_reset(email: str, token: str):
    return emails.enqueue("app.emails.send_email", email, "password_reset", {"email": email, "token": token})


def invoice_sent(to: str, number: str, amount: str, currency: str, customer: str):
    return emails.enqueue(
        "app.emails.send_email", to, "invoice_sent",
        {"number": number, "amount": amount, "currency": currency, "customer": customer},
    )
