from django.conf import settings
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=300)
    isbn = models.CharField(max_length=20, unique=True)


class Hold(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="holds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    fulfilled = models.BooleanField(default=False)


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=50)
    detail = models.TextField(blank=True)
