import base64
import os

from google.cloud import storage
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Attachment, Mail

from renderer import settings

_gcs = None
_sg = None


def upload(account_id: str, month: str, pdf: bytes) -> str:
    global _gcs
    _gcs = _gcs or storage.Client()
    name = f"{month}/{account_id}.pdf"
    _gcs.bucket(settings.OUTPUT_BUCKET).blob(name).upload_from_string(pdf, content_type="application/pdf")
    return f"gs://{settings.OUTPUT_BUCKET}/{name}"


def email(account, month: str, preview: bytes) -> None:
    global _sg
    _sg = _sg or SendGridAPIClient(os.environ["SENDGRID_API_KEY"])
    msg = Mail(
        from_email="statements@copperleaf.example",
        to_emails=account.email,
        subject=f"Your {month} statement is ready",
        html_content="<p>Your monthly statement is ready in the Copperleaf app.</p>",
    )
    msg.attachment = Attachment(
        file_content=base64.b64encode(preview).decode(), file_name="preview.png", file_type="image/png"
    )
    _sg.send(msg)
