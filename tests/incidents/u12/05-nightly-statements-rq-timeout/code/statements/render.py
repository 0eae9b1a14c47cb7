import os
import time


def render_statement_pdf(account, period: str) -> int:
    """Render and upload the PDF; returns the statement total in cents."""
    delay = float(os.environ.get("RENDER_FAKE_SECONDS", "0"))
    if delay:
        time.sleep(delay)
        return 0
    from .pdf import render_and_store  # weasyprint + GCS; heavy import

    return render_and_store(account, period)
