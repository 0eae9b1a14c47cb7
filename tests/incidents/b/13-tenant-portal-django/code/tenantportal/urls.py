from django.contrib import admin
from django.urls import path

from billing import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.dashboard, name="dashboard"),
    path("pay/<int:invoice_id>/", views.pay_invoice, name="pay"),
    path("invoices/", views.invoices, name="invoices"),
]
