from django.db import models


class Summary(models.Model):
    claim_ref = models.CharField(max_length=32, db_index=True)
    doc_kind = models.CharField(max_length=32)
    input_chars = models.PositiveIntegerField()
    model = models.CharField(max_length=64)
    output = models.TextField()
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
