from datetime import date
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import User
from django.test import TestCase

from .models import Customer, Invoice, LineItem


class InvoicePdfTests(TestCase):
    def setUp(self):
        self.user = User.objects.create_user("ana", password="pw")
        self.customer = Customer.objects.create(name="Acme", billing_email="ap@acme.test")
        self.customer.members.add(self.user)
        self.invoice = Invoice.objects.create(
            number="INV-2026-11-0001", customer=self.customer, status="issued",
            issued_on=date(2026, 12, 1), due_on=date(2026, 12, 31),
            period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
        )
        LineItem.objects.create(invoice=self.invoice, description="API calls", quantity=Decimal("1200"),
                                unit_price=Decimal("0.002"), sku="API-STD")

    def test_pdf_returns_renderer_output(self):
        self.client.login(username="ana", password="pw")
        with mock.patch("invoices.renderer.render_invoice", return_value=b"%PDF-1.7 fake") as m:
            resp = self.client.get("/invoices/INV-2026-11-0001/pdf/")
        self.assertEqual(resp.status_code, 200)
        self.assertEqual(resp["Content-Type"], "application/pdf")
        self.assertEqual(resp.content, b"%PDF-1.7 fake")
        m.assert_called_once()

    def test_other_customers_invoice_is_404(self):
        other = User.objects.create_user("bo", password="pw")
        self.client.login(username="bo", password="pw")
        resp = self.client.get("/invoices/INV-2026-11-0001/pdf/")
        self.assertEqual(resp.status_code, 404)

    def test_subtotal(self):
        self.assertEqual(self.invoice.subtotal, Decimal("2.40"))
