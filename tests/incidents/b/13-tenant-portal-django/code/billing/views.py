import logging

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .models import Invoice

log = logging.getLogger("billing")
stripe.api_key = settings.STRIPE_API_KEY


@login_required
def dashboard(request):
    open_invoices = Invoice.objects.filter(tenant=request.user, paid_at__isnull=True)
    return render(request, "billing/dashboard.html", {"invoices": open_invoices})


@login_required
def invoices(request):
    return render(request, "billing/invoices.html", {"invoices": Invoice.objects.filter(tenant=request.user).order_by("-period")})


@login_required
def pay_invoice(request, invoice_id: int):
    invoice = get_object_or_404(Invoice, pk=invoice_id, tenant=request.user)
    if request.method != "POST":
        return render(request, "billing/pay.html", {"invoice": invoice})
    try:
        intent = stripe.PaymentIntent.create(
            amount=invoice.amount_cents,
            currency="usd",
            customer=request.user.profile.stripe_customer,
            payment_method=request.POST["payment_method"],
            confirm=True,
            off_session=False,
        )
    except stripe.error.CardError as exc:
        log.warning("card declined invoice=%s code=%s", invoice.pk, exc.code)
        return render(request, "billing/pay.html", {"invoice": invoice, "error": exc.user_message}, status=402)
    except stripe.error.StripeError:
        log.exception("stripe error invoice=%s", invoice.pk)
        return render(request, "billing/pay.html", {"invoice": invoice, "error": "Payment service unavailable"}, status=502)
    invoice.paid_at = timezone.now()
    invoice.stripe_intent = intent.id
    invoice.save(update_fields=["paid_at", "stripe_intent"])
    log.info("invoice %s paid intent=%s", invoice.pk, intent.id)
    return redirect("dashboard")
