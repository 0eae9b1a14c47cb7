import logging
import time

from django.contrib.postgres.search import SearchVector
from django.http import Http404, JsonResponse

from .models import Book, Stock

log = logging.getLogger("catalog")


def healthz(request):
    return JsonResponse({"ok": True})


def book(request, isbn: str):
    try:
        b = Book.objects.get(isbn=isbn)
    except Book.DoesNotExist:
        raise Http404("unknown isbn")
    return JsonResponse({"isbn": b.isbn, "title": b.title, "author": b.author, "price_cents": b.price_cents})


def search(request):
    q = request.GET.get("q", "").strip()[:100]
    started = time.monotonic()
    qs = Book.objects.annotate(search=SearchVector("title", "author")).filter(search=q)[:25]
    results = [{"isbn": b.isbn, "title": b.title} for b in qs]
    log.info("search", extra={"results": len(results), "latency_ms": int((time.monotonic() - started) * 1000)})
    return JsonResponse({"results": results})


def stock(request, store: int):
    rows = Stock.objects.filter(store=store, quantity__gt=0).select_related("book")[:200]
    log.info("stock lookup", extra={"store": store, "results": len(rows)})
    return JsonResponse({"store": store, "items": [{"isbn": s.book.isbn, "qty": s.quantity} for s in rows]})
