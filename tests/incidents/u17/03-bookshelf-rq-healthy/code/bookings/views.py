from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.tasks import send_hold_confirmation

from .models import AuditEntry, Book, Hold
from .queues import queue


def healthz(request):
    return JsonResponse({"ok": True})


@login_required
@require_POST
def place_hold(request, book_id):
    book = get_object_or_404(Book, pk=book_id)
    hold = Hold.objects.create(book=book, user=request.user,
                               expires_at=timezone.now() + timedelta(days=settings.HOLD_DAYS))
    AuditEntry.objects.create(actor=request.user.username, action="hold.create",
                              detail=f"book={book.pk} hold={hold.pk}")
    queue("default").enqueue(send_hold_confirmation, hold.pk)
    return JsonResponse({"hold": hold.pk}, status=201)
