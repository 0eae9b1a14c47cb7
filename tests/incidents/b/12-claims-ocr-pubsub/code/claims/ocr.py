import os

from google.cloud import documentai, storage

PROCESSOR = os.environ.get("DOCAI_PROCESSOR", "projects/claimsy-prod/locations/eu/processors/4f1d9c0a77e2b311")
_docai = documentai.DocumentProcessorServiceClient(client_options={"api_endpoint": "eu-documentai.googleapis.com"})
_gcs = storage.Client()


def extract(gcs_uri: str) -> dict:
    bucket, _, key = gcs_uri.removeprefix("gs://").partition("/")
    content = _gcs.bucket(bucket).blob(key).download_as_bytes()
    result = _docai.process_document(
        request={"name": PROCESSOR, "raw_document": {"content": content, "mime_type": "application/pdf"}}
    )
    doc = result.document
    return {"pages": len(doc.pages), "entities": {e.type_: e.mention_text for e in doc.entities}}
