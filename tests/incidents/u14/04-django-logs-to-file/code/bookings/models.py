from django.db import models


class Clinic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    opens = models.TimeField()
    closes = models.TimeField()
    vets_on_duty = models.PositiveSmallIntegerField(default=1)
    slot_minutes = models.PositiveSmallIntegerField(default=15)

    def __str__(self) -> str:
        return self.name


class Appointment(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField()
    pet_name = models.CharField(max_length=80)
    owner_email = models.EmailField()
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["clinic", "starts_at"])]
