from django.db import models


class Ticket(models.Model):
    class Queue(models.TextChoices):
        BILLING = "billing"
        APPOINTMENTS = "appointments"
        PRESCRIPTIONS = "prescriptions"
        TECHNICAL = "technical"
        OTHER = "other"

    created_at = models.DateTimeField(auto_now_add=True)
    clinic = models.CharField(max_length=40)
    reporter_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    summary = models.TextField(blank=True)
    queue = models.CharField(max_length=20, choices=Queue.choices, default=Queue.OTHER)
    urgent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
