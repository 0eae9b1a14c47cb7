from django.db import models


class Manifest(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded"
        QUEUED = "queued"
        EXTRACTING = "extracting"
        DONE = "done"
        FAILED = "failed"

    broker = models.CharField(max_length=120)
    vessel = models.CharField(max_length=120, blank=True)
    voyage = models.CharField(max_length=40, blank=True)
    blob_name = models.CharField(max_length=400)
    pages = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADED)
    rq_job_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]


class LineItem(models.Model):
    manifest = models.ForeignKey(Manifest, related_name="items", on_delete=models.CASCADE)
    container_no = models.CharField(max_length=16)
    hs_code = models.CharField(max_length=12, blank=True)
    description = models.TextField(blank=True)
    gross_kg = models.DecimalField(max_digits=12, decimal_places=2, null=True)
