from django.urls import path

from catalog import views

urlpatterns = [
    path("healthz", views.healthz),
    path("v1/books/<str:isbn>", views.book),
    path("v1/search", views.search),
    path("v1/stores/<int:store>/stock", views.stock),
]
