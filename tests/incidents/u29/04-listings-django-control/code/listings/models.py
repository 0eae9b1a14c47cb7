from django.db import models


class Listing(models.Model):
    sku = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    attributes = models.JSONField(default=dict)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
