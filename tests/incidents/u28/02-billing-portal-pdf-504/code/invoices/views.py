from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from . import renderer
from .models import Invoice


def _visible(request):
    return Invoice.objects.filter(customer__members=request.user).exclude(status=Invoice.Status.DRAFT)


@login_required
def invoice_list(request):
    invoices = _visible(request).select_related("customer")[:100]
    return render(request, "invoices/list.html", {"invoices": invoices})


@login_required
def invoice_detail(request, number):
    invoice = get_object_or_404(_visible(request).select_related("customer"), number=number)
    return render(request, "invoices/detail.html", {"invoice": invoice, "lines": invoice.lines.all()})


@login_required
def invoice_pdf(request, number):
    invoice = get_object_or_404(
        _visible(request).select_related("customer").prefetch_related("lines"), number=number
    )
    pdf = renderer.render_invoice(invoice)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{invoice.number}.pdf"'
    return response
