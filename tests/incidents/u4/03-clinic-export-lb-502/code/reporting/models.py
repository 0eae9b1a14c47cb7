from decimal import Decimal

from django.db import models
from django.db.models import Sum


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=40)

    def __str__(self):
        return self.name


class Practitioner(models.Model):
    full_name = models.CharField(max_length=160)
    gmc_number = models.CharField(max_length=12, blank=True)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT)


class Patient(models.Model):
    mrn = models.CharField("medical record number", max_length=20, unique=True)
    postcode = models.CharField(max_length=10)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        DNA = "dna", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT)
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT)
    starts_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)

    def invoice_total(self) -> Decimal:
        return self.invoicelines.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


class InvoiceLine(models.Model):
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="invoicelines")
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
