import json
import logging
import time

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import llm
from .models import Summary
from .prompts import SYSTEM, build_user_prompt

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 400_000


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def create_summary(request: HttpRequest) -> JsonResponse:
    try:
        body = json.loads(request.body)
        claim_ref = body["claim_ref"]
        text = body["text"]
    except (ValueError, KeyError):
        return JsonResponse({"error": "claim_ref and text are required"}, status=400)
    if len(text) > MAX_INPUT_CHARS:
        return JsonResponse({"error": "document too large"}, status=413)
    doc_kind = body.get("doc_kind", "other")

    log.info("summary start claim=%s kind=%s chars=%d", claim_ref, doc_kind, len(text))
    started = time.monotonic()
    message = llm.summarise(SYSTEM, build_user_prompt(doc_kind, text))
    output = "".join(block.text for block in message.content if block.type == "text")
    summary = Summary.objects.create(
        claim_ref=claim_ref,
        doc_kind=doc_kind,
        input_chars=len(text),
        model=message.model,
        output=output,
        input_tokens=message.usage.input_tokens,
        output_tokens=message.usage.output_tokens,
    )
    log.info(
        "summary done claim=%s id=%s in=%d out=%d took=%.1fs",
        claim_ref,
        summary.id,
        message.usage.input_tokens,
        message.usage.output_tokens,
        time.monotonic() - started,
    )
    return JsonResponse({"id": summary.id, "summary": output}, status=201)


@require_GET
def get_summary(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        s = Summary.objects.get(pk=pk)
    except Summary.DoesNotExist:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse({"id": s.id, "claim_ref": s.claim_ref, "summary": s.output, "model": s.model})
