from google.cloud import storage
from weasyprint import HTML

from .ledger import totals_for


def render_and_store(account, period):
    lines, total = totals_for(account, period)
    html = "<h1>Statement %s</h1>" % period + "".join(f"<p>{d} {a / 100:.2f}</p>" for d, a in lines)
    pdf = HTML(string=html).write_pdf()
    blob = storage.Client().bucket("brindle-statements").blob(f"{period}/{account.number}.pdf")
    blob.upload_from_string(pdf, content_type="application/pdf")
    return total
