from django.db import models


class Order(models.Model):
    external_id = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=20, default="created")
    total_cents = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="EUR")
    updated_at = models.DateTimeField(auto_now=True)


class ProcessedMessage(models.Model):
    message_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
