from django.db import models


class Book(models.Model):
    isbn = models.CharField(max_length=13, unique=True)
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200)
    price_cents = models.PositiveIntegerField()


class Stock(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    store = models.PositiveIntegerField(db_index=True)
    quantity = models.IntegerField(default=0)
