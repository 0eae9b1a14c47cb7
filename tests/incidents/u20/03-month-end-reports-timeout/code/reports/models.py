from django.db import models


class Account(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    def __str__(self):
        return self.code


class LedgerEntry(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="entries")
    booked_at = models.DateTimeField(db_index=True)
    category = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    memo = models.TextField(blank=True)


class Report(models.Model):
    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(max_length=7)  # YYYY-MM
    kind = models.CharField(max_length=32, default="month_end")
    status = models.CharField(max_length=16, default=PENDING)
    job_id = models.CharField(max_length=64, blank=True)
    rows = models.IntegerField(default=0)
    gcs_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("account", "period", "kind")]
