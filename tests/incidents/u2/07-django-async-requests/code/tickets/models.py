from django.db import models


class Ticket(models.Model):
    queue = models.SlugField(max_length=40, db_index=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    customer_email = models.EmailField()
    status = models.CharField(max_length=20, default="open")
    created_at = models.DateTimeField(auto_now_add=True)

    def as_dict(self):
        return {"id": self.pk, "queue": self.queue, "subject": self.subject,
                "status": self.status, "created_at": self.created_at.isoformat()}
