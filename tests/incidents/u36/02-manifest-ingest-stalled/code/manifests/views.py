import uuid

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from rq import Callback

from manifests import storage
from manifests.models import Manifest
from manifests.tasks import ingest_manifest, mark_failed, notify_broker
from tidewater.queues import get_queue


def _enqueue(manifest: Manifest) -> None:
    job = get_queue("ingest").enqueue(
        ingest_manifest,
        manifest.pk,
        job_timeout=settings.INGEST_JOB_TIMEOUT,
        result_ttl=86400,
        failure_ttl=7 * 86400,
        on_failure=Callback(mark_failed),
    )
    get_queue("default").enqueue(notify_broker, manifest.pk, depends_on=job, job_timeout=60)
    manifest.rq_job_id = job.id
    manifest.status = Manifest.Status.QUEUED
    manifest.save(update_fields=["rq_job_id", "status", "updated_at"])


@require_POST
def upload(request):
    pdf = request.FILES.get("file")
    broker = request.POST.get("broker", "").strip()
    if pdf is None or not broker:
        return HttpResponseBadRequest("file and broker are required")
    blob_name = f"incoming/{uuid.uuid4().hex}.pdf"
    storage.upload(blob_name, pdf.read())
    manifest = Manifest.objects.create(broker=broker, blob_name=blob_name)
    _enqueue(manifest)
    return JsonResponse({"id": manifest.pk, "status": manifest.status}, status=202)


def detail(request, pk: int):
    m = get_object_or_404(Manifest, pk=pk)
    return JsonResponse(
        {"id": m.pk, "status": m.status, "vessel": m.vessel, "voyage": m.voyage, "pages": m.pages, "items": m.items.count()}
    )


@require_POST
def retry(request, pk: int):
    m = get_object_or_404(Manifest, pk=pk)
    if m.status not in (Manifest.Status.FAILED, Manifest.Status.UPLOADED):
        return JsonResponse({"error": f"manifest is {m.status}"}, status=409)
    _enqueue(m)
    return JsonResponse({"id": m.pk, "status": m.status}, status=202)
