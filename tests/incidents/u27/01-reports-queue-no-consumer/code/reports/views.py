from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from portal.queues import reports_queue
from reports.builders import BUILDERS
from reports.jobs import generate_report
from reports.models import ReportRequest


@login_required
@require_POST
def request_report(request):
    kind = request.POST.get("kind", "")
    if kind not in BUILDERS:
        return JsonResponse({"error": f"unknown report {kind!r}"}, status=400)
    params = {"account_id": request.user.profile.account_id}
    if kind == "monthly_invoices":
        params["month"] = request.POST["month"]
    req = ReportRequest.objects.create(owner=request.user, kind=kind, params=params)
    job = reports_queue().enqueue(generate_report, req.pk, result_ttl=86400)
    req.job_id = job.id
    req.save(update_fields=["job_id"])
    return JsonResponse({"id": req.pk, "status": req.status}, status=202)


@login_required
@require_GET
def report_status(request, pk):
    req = get_object_or_404(ReportRequest, pk=pk, owner=request.user)
    return JsonResponse({"id": req.pk, "status": req.status, "error": req.error})


@login_required
@require_GET
def download(request, pk):
    req = get_object_or_404(ReportRequest, pk=pk, owner=request.user)
    if req.status != ReportRequest.Status.DONE:
        raise Http404("report not ready")
    return FileResponse(open(req.output_path, "rb"), as_attachment=True)
