import logging
import os

from django.db import transaction

from manifests import ocr, parsing, storage
from manifests.models import LineItem, Manifest

log = logging.getLogger(__name__)


def ingest_manifest(manifest_id: int) -> dict:
    manifest = Manifest.objects.get(pk=manifest_id)
    manifest.status = Manifest.Status.EXTRACTING
    manifest.save(update_fields=["status", "updated_at"])

    pdf_path = storage.download(manifest.blob_name)
    try:
        texts = []
        for page_no, text in ocr.pages_as_text(pdf_path):
            texts.append(text)
            if page_no % 25 == 0:
                log.info("manifest %s: %s pages read", manifest_id, page_no)
        full_text = "\n".join(texts)
    finally:
        os.unlink(pdf_path)

    vessel, voyage = parsing.parse_header(full_text)
    items = parsing.parse_items(full_text)
    with transaction.atomic():
        manifest.items.all().delete()
        LineItem.objects.bulk_create(
            LineItem(
                manifest=manifest,
                container_no=i.container_no,
                hs_code=i.hs_code,
                description=i.description,
                gross_kg=i.gross_kg,
            )
            for i in items
        )
        manifest.vessel, manifest.voyage = vessel, voyage
        manifest.pages = len(texts)
        manifest.status = Manifest.Status.DONE
        manifest.save()
    log.info("manifest %s: %s pages, %s line items", manifest_id, len(texts), len(items))
    return {"pages": len(texts), "items": len(items)}


def mark_failed(job, connection, type, value, traceback):
    manifest_id = job.args[0] if job.args else None
    if manifest_id is None:
        return
    Manifest.objects.filter(pk=manifest_id).update(status=Manifest.Status.FAILED, error=f"{type.__name__}: {value}")


def notify_broker(manifest_id: int) -> None:
    manifest = Manifest.objects.get(pk=manifest_id)
    log.info("notify broker %s: manifest %s is %s", manifest.broker, manifest_id, manifest.status)
