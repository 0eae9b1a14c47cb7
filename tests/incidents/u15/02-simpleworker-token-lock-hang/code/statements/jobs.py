import logging

from google.cloud import storage

from . import ledger, partner, render, settings

log = logging.getLogger(__name__)
_gcs = None


def _bucket():
    global _gcs
    if _gcs is None:
        _gcs = storage.Client()
    return _gcs.bucket(settings.ARCHIVE_BUCKET)


def send_statement(account_id: str, period: str) -> dict:
    acct = ledger.account(account_id)
    lines = ledger.lines(account_id, period)
    pdf = render.statement_pdf(acct, lines, period)
    _bucket().blob(f"{period}/{account_id}.pdf").upload_from_string(pdf, content_type="application/pdf")
    doc_id = partner.deliver(account_id, period, pdf)
    log.info("statement %s %s delivered as %s (%d lines, %d bytes)", account_id, period, doc_id, len(lines), len(pdf))
    return {"document_id": doc_id, "lines": len(lines)}
