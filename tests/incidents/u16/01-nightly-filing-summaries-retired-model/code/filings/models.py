from django.db import models


class Court(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)

    def __str__(self):
        return self.name


class Filing(models.Model):
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="filings")
    docket_number = models.CharField(max_length=64, db_index=True)
    case_name = models.CharField(max_length=400)
    document_title = models.CharField(max_length=400)
    document_text = models.TextField()
    source_url = models.URLField(blank=True)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["received_at"]

    def __str__(self):
        return f"{self.docket_number} {self.document_title}"


class FilingSummary(models.Model):
    filing = models.OneToOneField(Filing, on_delete=models.CASCADE, related_name="summary")
    model = models.CharField(max_length=100)
    text = models.TextField()
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
