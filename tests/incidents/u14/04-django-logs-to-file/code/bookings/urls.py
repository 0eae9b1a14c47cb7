from django.urls import path

from . import views

urlpatterns = [
    path("clinics/<slug:slug>/slots", views.slots),
    path("clinics/<slug:slug>/appointments", views.book),
]
