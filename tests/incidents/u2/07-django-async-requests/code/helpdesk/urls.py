from django.urls import path

from tickets import views

urlpatterns = [
    path("healthz", views.healthz),
    path("api/tickets/<int:pk>", views.ticket_detail),
    path("api/tickets/<int:pk>/suggest-reply", views.suggest_reply),
    path("api/queues/<slug:queue>/tickets", views.queue_tickets),
]
