import json
import logging

import anthropic
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .copywriter import draft_description
from .queue import enqueue_feed_export

log = logging.getLogger(__name__)
CHANNELS = {"google-shopping", "meta-catalog", "idealo"}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def draft(request: HttpRequest) -> JsonResponse:
    try:
        body = json.loads(request.body)
        title, attributes = body["title"], body.get("attributes", {})
    except (ValueError, KeyError):
        return JsonResponse({"error": "title is required"}, status=400)
    try:
        text = draft_description(title, attributes)
    except anthropic.APIStatusError as exc:
        log.warning("draft failed", extra={"status": exc.status_code, "request_id": exc.request_id})
        return JsonResponse({"error": "upstream model error"}, status=502)
    return JsonResponse({"description": text})


@csrf_exempt
@require_POST
def export_feed(request: HttpRequest, channel: str) -> JsonResponse:
    if channel not in CHANNELS:
        return JsonResponse({"error": f"unknown channel {channel}"}, status=404)
    try:
        skus = json.loads(request.body or b"{}").get("skus", [])
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    job = enqueue_feed_export(channel, skus)
    log.info("feed export queued", extra={"channel": channel, "job_id": job.id, "skus": len(skus)})
    return JsonResponse({"job_id": job.id}, status=202)
