from django.urls import path

from . import views

urlpatterns = [
    path("invoices/", views.invoice_list, name="invoice-list"),
    path("invoices/<str:number>/", views.invoice_detail, name="invoice-detail"),
    path("invoices/<str:number>/pdf/", views.invoice_pdf, name="invoice-pdf"),
]
