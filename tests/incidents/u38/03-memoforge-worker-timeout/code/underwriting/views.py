from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Submission
from .services import MemoService


@require_GET
def healthz(request):
    return JsonResponse({"ok": True})


@require_GET
def submission_detail(request, ref: str):
    sub = get_object_or_404(Submission, ref=ref)
    return JsonResponse({"ref": sub.ref, "insured": sub.insured, "documents": len(sub.documents),
                         "memos": list(sub.memos.values("id", "created", "model"))})


@csrf_exempt
@require_POST
def generate_memo(request, ref: str):
    """Called by the broker portal's 'Draft memo' button; the portal waits for the memo."""
    sub = get_object_or_404(Submission, ref=ref)
    memo = MemoService().draft(sub)
    return JsonResponse({"memo_id": memo.pk, "seconds": round(memo.seconds, 1),
                         "body": memo.body}, status=201)
