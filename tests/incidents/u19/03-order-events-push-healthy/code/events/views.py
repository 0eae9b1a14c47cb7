import base64
import binascii
import json
import logging

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .processing import UnknownEvent, apply_event

log = logging.getLogger(__name__)


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@csrf_exempt
@require_POST
def order_events_push(request):
    try:
        envelope = json.loads(request.body)
        message = envelope["message"]
        message_id = message.get("messageId") or message["message_id"]
        event = json.loads(base64.b64decode(message["data"]))
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        # malformed push: acknowledge so it is not redelivered forever
        log.error("dropping malformed push message: %r", exc)
        return HttpResponse(status=204)

    attempt = message.get("attributes", {}).get("googclient_deliveryattempt")
    try:
        applied = apply_event(message_id, event)
    except UnknownEvent as exc:
        log.warning("message %s: ignoring unknown event type %s", message_id, exc)
        return HttpResponse(status=204)
    except OperationalError as exc:
        log.warning(
            "message %s: database unavailable (%s), returning 500 so Pub/Sub redelivers",
            message_id, str(exc).strip().splitlines()[0],
        )
        return HttpResponse(status=500)

    if applied:
        log.info("message %s: %s for order %s applied", message_id, event["type"], event["order_id"])
    else:
        log.info("message %s: duplicate delivery (attempt %s), already applied", message_id, attempt)
    return HttpResponse(status=204)
