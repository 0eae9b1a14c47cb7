from django.db import models


class Account(models.Model):
    number = models.CharField(max_length=20, unique=True)
    email = models.EmailField()
    active = models.BooleanField(default=True)


class Statement(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE)
    period = models.CharField(max_length=7)  # YYYY-MM
    total_cents = models.BigIntegerField()
    rendered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("account", "period")]
