from django.db import models


class Submission(models.Model):
    ref = models.CharField(max_length=32, unique=True)
    insured = models.CharField(max_length=200)
    line_of_business = models.CharField(max_length=64)
    broker = models.CharField(max_length=120)
    documents = models.JSONField(default=list)   # extracted text of each uploaded document
    created = models.DateTimeField(auto_now_add=True)


class Memo(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="memos")
    body = models.TextField()
    model = models.CharField(max_length=64)
    input_tokens = models.IntegerField(default=0)
    output_tokens = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)
    created = models.DateTimeField(auto_now_add=True)
