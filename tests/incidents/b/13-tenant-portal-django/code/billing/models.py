from django.conf import settings
from django.db import models


class Invoice(models.Model):
    tenant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    period = models.CharField(max_length=7)
    amount_cents = models.PositiveIntegerField()
    paid_at = models.DateTimeField(null=True, blank=True)
    stripe_intent = models.CharField(max_length=64, blank=True)
