from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from reports.models import Report


def report_status(request, pk):
    r = get_object_or_404(Report, pk=pk)
    return JsonResponse({"id": r.pk, "status": r.status, "rows": r.rows, "path": r.gcs_path})
