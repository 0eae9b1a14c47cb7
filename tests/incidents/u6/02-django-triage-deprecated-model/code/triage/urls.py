from django.urls import path

from . import views

urlpatterns = [
    path("tickets", views.tickets),
    path("tickets/<int:pk>", views.ticket_detail),
]
